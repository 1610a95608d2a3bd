#include "Units.h"

#include <QCoreApplication>
#include <QLocale>

namespace tidemark::ui {

QString Units::bytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString Units::rate(double bytesPerSecond)
{
    return tr("%1/s").arg(bytes(static_cast<qint64>(bytesPerSecond)));
}

QString Units::duration(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("–");
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString Units::age(const QDateTime &then, const QDateTime &now)
{
    const qint64 seconds = then.secsTo(now);
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%n min ago", nullptr, static_cast<int>(seconds / 60));
    if (seconds < 48 * 3600)
        return tr("%n h ago", nullptr, static_cast<int>(seconds / 3600));
    return tr("%n days ago", nullptr, static_cast<int>(seconds / 86400));
}

QString Units::dateTime(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
}

} // namespace tidemark::ui
