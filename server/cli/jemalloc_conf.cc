// jemalloc's settings for the programs linked with it (the lif program and
// the benchmark programs: CMakeLists.txt, LIF_JEMALLOC). jemalloc reads this
// symbol when it starts; MALLOC_CONF in the environment still overrides it.
//
// thp:always asks for transparent huge pages on the heap: a rebuilt or
// restored board state is hundreds of megabytes of small objects, and on a
// virtual machine every 4 KiB page fault is costly (a restart from a
// checkpoint in a fresh process took 1.6 s with 4 KiB pages and 0.6 s with
// huge pages, on 1,000,000 events: docs/performance.md). It costs about 15%
// more resident memory.
extern "C" {
// NOLINTNEXTLINE: the name is jemalloc's.
extern const char* malloc_conf;
const char* malloc_conf = "thp:always";
}
