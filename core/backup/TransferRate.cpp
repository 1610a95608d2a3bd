#include "backup/TransferRate.h"

namespace tidemark {

void TransferRate::add(qint64 elapsedMs, qint64 done, qint64 total)
{
    m_total = total;
    m_samples.emplace_back(elapsedMs, done);
    // Keep one sample older than the window so the rate spans the whole window.
    while (m_samples.size() > 2 && m_samples[1].first <= elapsedMs - m_windowMs)
        m_samples.pop_front();
}

double TransferRate::bytesPerSecond() const
{
    if (m_samples.size() < 2)
        return 0;
    const auto &[t0, d0] = m_samples.front();
    const auto &[t1, d1] = m_samples.back();
    if (t1 <= t0)
        return 0;
    return static_cast<double>(d1 - d0) * 1000.0 / static_cast<double>(t1 - t0);
}

qint64 TransferRate::etaSeconds() const
{
    const double rate = bytesPerSecond();
    if (rate <= 0 || m_samples.empty())
        return -1;
    const qint64 left = m_total - m_samples.back().second;
    return left <= 0 ? 0 : static_cast<qint64>(static_cast<double>(left) / rate + 0.5);
}

} // namespace tidemark
