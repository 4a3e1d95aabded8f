// Erasing a data subject's personal data (docs/privacy.md#erasing), steps 1
// and 2: records a subject.erased event on the subject's erasure stream, then
// destroys the subject's key (RocksLog::EraseSubject). The caller then
// rebuilds the views (step 3).
//
// A retry after a failure between the two steps (the event recorded, the key
// still there) finds that event and destroys the key without recording a
// second one. The latest subject.erased event of the subject is pending when
// no erasure of the key completed at or after its recorded_at; a subject that
// was erased, then given new personal data (a new key), then erased again
// gets a second event, as it should.
//
// Thread-safety: erasures run one at a time (a process-wide mutex), so two
// concurrent requests for one subject record one event; the second finds no
// key. Errors: kInvalid (field "subject") for a malformed subject; kNotFound
// when the subject has no key (never had personal data, or already erased);
// the log's errors otherwise (kUnavailable when storage fails).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/principal.h"
#include "core/status.h"
#include "server/store/rocks_log.h"

namespace lif::privacy {

// Whether this call recorded the subject.erased event or found it recorded
// by an earlier attempt that failed before the key was destroyed.
enum class ErasureRecord { kRecordedNow, kFoundPending };

struct SubjectErasure {
  int64_t position = 0;  // The subject.erased event's position.
  ErasureRecord record = ErasureRecord::kRecordedNow;
};

// The stream that records `subject`'s erasures ("erasure/<subject with dots>",
// or a hash of the subject when that would be too long).
std::string ErasureStream(const std::string& subject);

// Whether the views have forgotten every erasure so far, or an erasure's
// step 3 never completed (ViewService::ErasuresPending).
enum class ViewsForgot { kEveryErasure, kNotEveryErasure };

// With kNotEveryErasure, a subject whose key is already erased is not a
// kNotFound: the answer is its latest subject.erased event (kFoundPending),
// and the caller's step 3 completes that erasure (docs/privacy.md#erasing).
Result<SubjectErasure> EraseSubjectData(store::RocksLog& log, const Principal& admin,
                                        const std::string& subject,
                                        const std::optional<std::string>& reason,
                                        ViewsForgot views);

}  // namespace lif::privacy
