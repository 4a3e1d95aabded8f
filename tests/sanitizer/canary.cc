// A program with deliberate faults, built only with -DLIF_SANITIZE=ON: it
// proves that the sanitizer build (scripts/sanitize.sh) really detects what it
// promises to, so that a clean run of the suite there means something. CTest
// passes each canary only when the sanitizer's report of its fault appears.
//
//   lif_sanitizer_canary heap-overflow   reads one byte past a heap block (ASan)
//   lif_sanitizer_canary leak            loses a heap block (LeakSanitizer)
//   lif_sanitizer_canary signed-overflow overflows an int (UBSan)
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>

namespace {

// volatile keeps the optimiser from proving the faults away.
volatile int sink;

int HeapOverflow() {
  volatile size_t size = 16;
  std::unique_ptr<char[]> block(new char[size]);
  std::memset(block.get(), 1, size);
  sink = block[size];  // One past the end.
  return 0;
}

int Leak() {
  volatile size_t size = 64;
  char* lost = new char[size];
  lost[0] = 1;
  sink = lost[0];
  lost = nullptr;  // The only pointer is gone; LeakSanitizer reports it at exit.
  return 0;
}

int SignedOverflow() {
  volatile int big = INT_MAX;
  sink = big + 1;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lif_sanitizer_canary heap-overflow|leak|signed-overflow\n");
    return 2;
  }
  const char* fault = argv[1];
  int rc = 2;
  if (std::strcmp(fault, "heap-overflow") == 0) rc = HeapOverflow();
  if (std::strcmp(fault, "leak") == 0) rc = Leak();
  if (std::strcmp(fault, "signed-overflow") == 0) rc = SignedOverflow();
  if (rc == 2) std::fprintf(stderr, "unknown fault %s\n", fault);
  return rc;
}
