#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>

#include <atomic>
#include <mutex>

namespace tidemark {

/// Holds a transfer down to a number of bytes per second (`--limit-rate`): a token bucket that
/// starts empty, fills at the rate and holds at most a tenth of a second's worth after an idle
/// spell. consume() takes bytes out and sleeps, in slices of at most 20 ms, until they are paid
/// for; it returns early once `cancelled` is set, so a limited transfer still ends promptly on
/// Ctrl-C. A chunk larger than the bucket is fine: the bucket goes into debt and the caller
/// sleeps it off.
///
/// Thread-safe: several connections (threads) may share one limiter, and then share the rate.
/// A rate of 0 means no limit (consume() returns at once). Used by the backup's receive path
/// (both kinds), the restore engine's reads of a chain and the copy's (CopyJob); any transfer can
/// use it.
class RateLimiter {
    Q_DECLARE_TR_FUNCTIONS(RateLimiter)

public:
    /// The longest single sleep, so cancellation is noticed quickly.
    static constexpr int kSliceMs = 20;

    explicit RateLimiter(qint64 bytesPerSecond = 0);

    [[nodiscard]] qint64 rate() const { return m_rate; }
    [[nodiscard]] bool isLimited() const { return m_rate > 0; }

    /// Takes `bytes` from the bucket, sleeping as long as the rate requires; returns early (with
    /// the debt kept) when `cancelled` is set.
    void consume(qint64 bytes, const std::atomic_bool *cancelled = nullptr);

    /// A rate as given on the command line: bytes per second as a whole number, optionally with
    /// a suffix K, M or G (KiB, MiB, GiB per second; case-insensitive, an optional trailing `/s`),
    /// e.g. `500K`, `50M`, `1G`, `1048576`. `option` names the option in the error (Usage).
    [[nodiscard]] static Result<qint64> parse(const QString &text,
                                              const QString &option = QStringLiteral("--limit-rate"));
    /// The shortest form parse() reads back: `2M`, `500K`, `1234`.
    [[nodiscard]] static QString format(qint64 bytesPerSecond);

private:
    const qint64 m_rate;
    const double m_capacity; ///< Bytes the bucket holds at most.
    std::mutex m_mutex;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    double m_tokens = 0; ///< Negative: debt still to sleep off.
};

} // namespace tidemark
