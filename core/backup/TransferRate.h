#pragma once

#include <QtGlobal>

#include <deque>
#include <utility>

namespace tidemark {

/// Throughput and time left of a transfer, from (elapsed ms, bytes done) samples over a sliding
/// window of a few seconds, so a stall shows as a falling rate rather than an average since start.
///
/// Plain value class; the caller supplies the clock (tests use a fake one). Not thread-safe.
class TransferRate {
public:
    explicit TransferRate(qint64 windowMs = 3000) : m_windowMs(windowMs) {}

    /// Records that `done` of `total` bytes were done at `elapsedMs` (monotonic).
    void add(qint64 elapsedMs, qint64 done, qint64 total);
    /// Bytes per second over the window; 0 until two samples span some time.
    [[nodiscard]] double bytesPerSecond() const;
    /// Seconds left at the current rate; -1 when unknown.
    [[nodiscard]] qint64 etaSeconds() const;

private:
    qint64 m_windowMs;
    qint64 m_total = 0;
    std::deque<std::pair<qint64, qint64>> m_samples; ///< (elapsed ms, done)
};

} // namespace tidemark
