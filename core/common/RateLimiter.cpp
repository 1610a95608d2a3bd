#include "common/RateLimiter.h"

#include <QRegularExpression>
#include <QThread>

#include <algorithm>
#include <limits>

namespace tidemark {

RateLimiter::RateLimiter(qint64 bytesPerSecond)
    : m_rate(std::max<qint64>(0, bytesPerSecond)), m_capacity(std::max(1.0, static_cast<double>(m_rate) / 10.0))
{
    m_clock.start();
}

void RateLimiter::consume(qint64 bytes, const std::atomic_bool *cancelled)
{
    if (m_rate <= 0 || bytes <= 0)
        return;
    qint64 waitNs = 0;
    {
        // Reserve the bytes under the lock, sleep outside it: concurrent callers queue up behind
        // each other's debt, so together they get the rate.
        const std::lock_guard lock(m_mutex);
        const qint64 now = m_clock.nsecsElapsed();
        m_tokens =
            std::min(m_capacity, m_tokens + static_cast<double>(now - m_lastNs) * static_cast<double>(m_rate) / 1e9);
        m_lastNs = now;
        m_tokens -= static_cast<double>(bytes);
        if (m_tokens < 0)
            waitNs = static_cast<qint64>(-m_tokens * 1e9 / static_cast<double>(m_rate));
    }
    QElapsedTimer slept;
    slept.start();
    for (qint64 left = waitNs; left > 0; left = waitNs - slept.nsecsElapsed()) {
        if (cancelled && cancelled->load())
            return;
        const qint64 sliceUs = std::min<qint64>(left / 1000 + 1, kSliceMs * 1000);
        QThread::usleep(static_cast<unsigned long>(sliceUs));
    }
}

Result<qint64> RateLimiter::parse(const QString &text, const QString &option)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,15})\\s*([kKmMgG]?)(?:/[sS])?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    const auto usage = [&] {
        return makeError(ErrorCode::Usage,
                         tr("%1 takes bytes per second, with K, M or G for KiB, MiB or GiB per second, e.g. "
                            "%1 50M; not '%2'")
                             .arg(option, text));
    };
    if (!match.hasMatch())
        return usage();
    const qint64 number = match.captured(1).toLongLong();
    const QChar unit = match.captured(2).isEmpty() ? QChar() : match.captured(2).at(0).toUpper();
    const int shift = unit == QLatin1Char('K') ? 10 : unit == QLatin1Char('M') ? 20 : unit == QLatin1Char('G') ? 30 : 0;
    if (number <= 0)
        return makeError(ErrorCode::Usage, tr("%1 must be more than 0 bytes per second, e.g. %1 500K").arg(option));
    if (number > (std::numeric_limits<qint64>::max() >> shift))
        return usage();
    return number << shift;
}

QString RateLimiter::format(qint64 bytesPerSecond)
{
    static constexpr std::pair<int, char> units[] = {{30, 'G'}, {20, 'M'}, {10, 'K'}};
    for (const auto &[shift, suffix] : units) {
        if (bytesPerSecond > 0 && bytesPerSecond % (qint64(1) << shift) == 0)
            return QString::number(bytesPerSecond >> shift) + QLatin1Char(suffix);
    }
    return QString::number(bytesPerSecond);
}

} // namespace tidemark
