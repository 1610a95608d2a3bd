#include "alerts/Alert.h"

#include "common/Error.h"

#include <QJsonValue>

namespace tidemark {

namespace {

QString when(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

/// What the job worked on, for a title: the node, else the chain.
QString subject(const Alert &a)
{
    return a.node.isEmpty() ? a.chain : a.node;
}

/// What the operator can do about a failure with `code`.
QString advice(int code)
{
    switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::Connection:
        return Alert::tr("Check that the node runs and can be reached from this machine.");
    case ErrorCode::Auth:
        return Alert::tr("Check the node's token (--token-file) against the node's config.");
    case ErrorCode::SnapshotsDisabled:
        return Alert::tr("The node has snapshots off: set [snapshot] enabled = true in its config.");
    case ErrorCode::Integrity:
        return Alert::tr("Run tidemark-cli verify on the chain; start a new chain if a link is damaged.");
    case ErrorCode::Io:
        return Alert::tr("Check the room and the permissions where the chain is kept.");
    case ErrorCode::Busy:
        return Alert::tr("Another job held the node or the chain; check that runs do not overlap.");
    case ErrorCode::Config:
        return Alert::tr("Check the schedule's settings and the config files it names.");
    default:
        return Alert::tr("See tidemark-cli history and the job's log for the details.");
    }
}

} // namespace

QString Alert::title() const
{
    const QString what = job.isEmpty() ? QStringLiteral("backup") : job;
    if (kind == Kind::Overdue)
        return tr("Tidemark: no %1 of %2 for %n hour(s)", nullptr, overdueHours).arg(what, subject(*this));
    return tr("Tidemark: %1 of %2 failed").arg(what, subject(*this));
}

QString Alert::text() const
{
    const QString what = job.isEmpty() ? QStringLiteral("backup") : job;
    QString target = node.isEmpty() ? chain : (chain.isEmpty() ? node : tr("%1 into %2").arg(node, chain));
    if (!schedule.isEmpty())
        target = tr("%1 (schedule %2)").arg(target, schedule);
    const QString last = lastSuccess.isValid() ? tr("The last good backup was at %1.").arg(when(lastSuccess))
                                               : tr("There has never been a good backup.");
    if (kind == Kind::Overdue) {
        return tr("No successful %1 of %2 for more than %n hour(s). %3", nullptr, overdueHours)
                   .arg(what, target, last) +
               QLatin1Char('\n') +
               tr("Check that the schedule runs (tidemark-cli history) and that the node can be reached.");
    }
    const QString at = time.isValid() ? tr(" at %1").arg(when(time)) : QString();
    const QString tries = attempts > 1 ? tr(" after %n tries", nullptr, attempts) : QString();
    return tr("The %1 of %2 failed%3%4: %5").arg(what, target, at, tries, message.simplified()) + QLatin1Char('\n') +
           last + QLatin1Char(' ') + advice(code);
}

QJsonObject Alert::toJson() const
{
    return QJsonObject{
        {QStringLiteral("event"), kind == Kind::Overdue ? QStringLiteral("overdue") : QStringLiteral("failed")},
        {QStringLiteral("title"), title()},
        {QStringLiteral("text"), text()},
        {QStringLiteral("message"), message},
        {QStringLiteral("schedule"), schedule},
        {QStringLiteral("node"), node},
        {QStringLiteral("chain"), chain},
        {QStringLiteral("job"), job},
        {QStringLiteral("code"), code},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("time"), time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("last_success"),
         lastSuccess.isValid() ? QJsonValue(lastSuccess.toUTC().toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("overdue_hours"), overdueHours}};
}

} // namespace tidemark
