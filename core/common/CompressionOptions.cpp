#include "common/CompressionOptions.h"

#include <QThread>

#include <algorithm>

namespace tidemark {

Result<CompressionOptions> CompressionOptions::parse(const QString &spec)
{
    const auto usage = [&] {
        return makeError(ErrorCode::Usage,
                         tr("--compress takes none, zstd or zstd:LEVEL with a LEVEL from %1 to %2 other than 0 "
                            "(the negative ones are zstd's fast levels), e.g. --compress zstd:9 or zstd:-1; not '%3'")
                             .arg(kMinLevel)
                             .arg(kMaxLevel)
                             .arg(spec));
    };
    CompressionOptions c;
    if (spec == QLatin1String("none"))
        return c;
    c.zstd = true;
    if (spec == QLatin1String("zstd"))
        return c;
    if (!spec.startsWith(QLatin1String("zstd:")))
        return usage();
    const QString number = spec.mid(5);
    bool ok = false;
    c.level = number.toInt(&ok);
    if (!ok || number.startsWith(QLatin1Char('+')) || !validLevel(c.level))
        return usage();
    return c;
}

QString CompressionOptions::toString() const
{
    if (!zstd)
        return QStringLiteral("none");
    return level == 0 ? QStringLiteral("zstd") : QStringLiteral("zstd:%1").arg(level);
}

int CompressionOptions::automaticThreads()
{
    return std::clamp(QThread::idealThreadCount(), 1, kMaxThreads);
}

int CompressionOptions::effectiveThreads() const
{
    return threads < 0 ? automaticThreads() : std::min(threads, kMaxThreads);
}

} // namespace tidemark
