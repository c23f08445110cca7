// session_keeper.h — what this tab keeps across a reload: the flow's state, in sessionStorage
// (platform.h; never localStorage, pharmacy computers are shared), under a key of its own for
// the demo and the real service. A scan of ten IDs is ten changes, and a snapshot of 100 rows
// is ~1 ms: the state is written at most every kSaveEveryMs, what is left over on the next tick,
// and at once before the page goes (pagehide → save_now()).
#pragma once
#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/flow.h"

namespace bk::client {

class SessionKeeper {
public:
    static constexpr int64_t kSaveEveryMs = 500;

    SessionKeeper(const Flow& flow, const Clock& clock, bool demo) : flow_(flow), clock_(clock), demo_(demo) {}

    const char* key() const { return demo_ ? "bk.demo.v1" : "bk.flow.v1"; }
    // What the tab saved before the reload ("" for none), for Flow::restore.
    std::string load() const;
    // The flow's state as it is now counts as saved (just restored from it).
    void saved_as_is() { saved_version_ = flow_.saved_version(); }
    // Writes the state when it changed and the last write is kSaveEveryMs old.
    void save_when_due();
    // Writes the state now if it changed.
    void save_now();

private:
    const Flow& flow_;
    const Clock& clock_;
    bool demo_;
    uint64_t saved_version_ = 0;
    int64_t last_save_ms_ = -kSaveEveryMs;
};

} // namespace bk::client
