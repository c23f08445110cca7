#include "client/session_keeper.h"

#include "client/platform.h"
#include "core/snapshot.h"

namespace bk::client {

std::string SessionKeeper::load() const { return load_session_state(key()); }

void SessionKeeper::save_when_due() {
    if (flow_.saved_version() != saved_version_ && clock_.now_ms() - last_save_ms_ >= kSaveEveryMs) save_now();
}

void SessionKeeper::save_now() {
    if (flow_.saved_version() == saved_version_) return;
    saved_version_ = flow_.saved_version();
    last_save_ms_ = clock_.now_ms();
    save_session_state(key(), encode_snapshot(flow_.state()));
}

} // namespace bk::client
