#include "alerts/MetricsFile.h"

#include "storage/ChainLocation.h"

#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace tidemark {

namespace {

using Labels = std::pair<QString, QString>; // node, chain

/// What the history says of one chain's backups (of one node).
struct BackupSeries {
    const HistoryEntry *lastAttempt = nullptr;
    const HistoryEntry *lastSuccess = nullptr;
    int links = 0; ///< 0: unknown.
};

/// What the history says of one chain's verifies.
struct VerifySeries {
    const HistoryEntry *lastAttempt = nullptr;
    const HistoryEntry *lastSuccess = nullptr;
};

/// How many links `chain` has once `link` is written: PATH is the first, PATH.N the (N + 2)th;
/// 0 when `link` is not one of `chain`'s (a backup that wrote nothing).
int linksAfter(const QString &link, const QString &chain)
{
    if (link.isEmpty() || chain.isEmpty())
        return 0;
    if (link == chain)
        return 1;
    if (!link.startsWith(chain) || link.size() < chain.size() + 2 || link.at(chain.size()) != QLatin1Char('.'))
        return 0;
    bool ok = false;
    const int n = QStringView(link).mid(chain.size() + 1).toInt(&ok);
    if (!ok || n < 0 || !link.back().isDigit() || !link.at(chain.size() + 1).isDigit())
        return 0;
    return n + 2;
}

QByteArray seconds(const QDateTime &time)
{
    if (!time.isValid())
        return QByteArrayLiteral("0");
    const qint64 ms = time.toMSecsSinceEpoch();
    if (ms % 1000 == 0)
        return QByteArray::number(ms / 1000);
    return QByteArray::number(static_cast<double>(ms) / 1000.0, 'f', 3);
}

/// One metric family: # HELP, # TYPE gauge and its samples.
class Family {
public:
    Family(const char *name, const char *help) : m_name(name)
    {
        m_text += QByteArrayLiteral("# HELP ") + name + ' ' + help + '\n';
        m_text += QByteArrayLiteral("# TYPE ") + name + QByteArrayLiteral(" gauge\n");
    }
    void add(const Labels &labels, const QByteArray &value)
    {
        m_text += m_name + QByteArrayLiteral("{node=\"") + MetricsFile::escapeLabel(labels.first).toUtf8() +
                  QByteArrayLiteral("\",chain=\"") + MetricsFile::escapeLabel(labels.second).toUtf8() +
                  QByteArrayLiteral("\"} ") + value + '\n';
    }
    [[nodiscard]] const QByteArray &text() const { return m_text; }

private:
    QByteArray m_name;
    QByteArray m_text;
};

} // namespace

QString MetricsFile::escapeLabel(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('"'))
            out += QLatin1String("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

Result<QByteArray> MetricsFile::render(const std::vector<HistoryEntry> &entries)
{
    // Oldest first, by when each job finished (then by row): the last one seen is the newest.
    std::vector<const HistoryEntry *> order;
    order.reserve(entries.size());
    for (const HistoryEntry &e : entries)
        order.push_back(&e);
    std::stable_sort(order.begin(), order.end(), [](const HistoryEntry *a, const HistoryEntry *b) {
        return a->finished.toMSecsSinceEpoch() < b->finished.toMSecsSinceEpoch();
    });

    std::map<Labels, BackupSeries> backups;
    std::map<QString, VerifySeries> verifies;
    std::map<QString, VerifySeries> drills; // restore drills (`drill`), kept like verifies
    std::map<QString, QString> nodeOfChain; // the node of a chain's newest backup
    for (const HistoryEntry *e : order) {
        if (e->job == QLatin1String("backup")) {
            // A series (backup --max-links) is one set of labels whichever of its chains was written:
            // a rolled-over chain must not linger as a series whose last success grows old.
            BackupSeries &s = backups[Labels{e->node, ChainLocation::seriesOf(e->chain)}];
            s.lastAttempt = e;
            nodeOfChain[ChainLocation::seriesOf(e->chain)] = e->node;
            if (e->code != 0)
                continue;
            s.lastSuccess = e;
            if (const int links = linksAfter(e->link, e->chain); links > 0)
                s.links = links; // a backup that wrote nothing leaves the chain as it was
        } else if (e->job == QLatin1String("verify") || e->job == QLatin1String("drill")) {
            VerifySeries &s =
                (e->job == QLatin1String("verify") ? verifies : drills)[ChainLocation::seriesOf(e->chain)];
            s.lastAttempt = e;
            if (e->code == 0)
                s.lastSuccess = e;
        }
    }

    Family lastSuccess("tidemark_backup_last_success_timestamp_seconds",
                       "When the newest successful backup of the node into the chain finished (0: never).");
    Family lastAttempt("tidemark_backup_last_attempt_timestamp_seconds",
                       "When the newest backup of the node into the chain finished, successful or not.");
    Family lastAttemptSuccess("tidemark_backup_last_attempt_success",
                              "1 if the newest backup of the node into the chain succeeded, else 0.");
    Family lastBytes("tidemark_backup_last_bytes", "Bytes written by the newest successful backup.");
    Family lastDuration("tidemark_backup_last_duration_seconds", "How long the newest successful backup took.");
    Family links("tidemark_chain_links", "Links of the chain after its newest successful backup.");
    Family verifySuccess("tidemark_verify_last_success_timestamp_seconds",
                         "When the newest successful verify of the chain finished (0: never).");
    Family verifyAttemptSuccess("tidemark_verify_last_attempt_success",
                                "1 if the newest verify of the chain succeeded, else 0.");
    Family drillSuccess("tidemark_drill_last_success_timestamp_seconds",
                        "When the newest successful restore drill of the chain finished (0: never).");
    Family drillAttemptSuccess("tidemark_drill_last_attempt_success",
                               "1 if the newest restore drill of the chain succeeded, else 0.");
    for (const auto &[labels, s] : backups) {
        lastSuccess.add(labels, s.lastSuccess != nullptr ? seconds(s.lastSuccess->finished) : QByteArrayLiteral("0"));
        lastAttempt.add(labels, seconds(s.lastAttempt->finished));
        lastAttemptSuccess.add(labels, s.lastAttempt->code == 0 ? QByteArrayLiteral("1") : QByteArrayLiteral("0"));
        if (s.lastSuccess != nullptr) {
            lastBytes.add(labels, QByteArray::number(s.lastSuccess->bytes));
            lastDuration.add(labels, QByteArray::number(std::max(0.0, s.lastSuccess->seconds()), 'f', 3));
        }
        if (s.links > 0)
            links.add(labels, QByteArray::number(s.links));
    }
    for (const auto &[series, success, attemptSuccess] : {std::tuple{&verifies, &verifySuccess, &verifyAttemptSuccess},
                                                          std::tuple{&drills, &drillSuccess, &drillAttemptSuccess}}) {
        for (const auto &[chain, s] : *series) {
            const auto node = nodeOfChain.find(chain);
            const Labels labels{node != nodeOfChain.end() ? node->second : s.lastAttempt->node, chain};
            success->add(labels, s.lastSuccess != nullptr ? seconds(s.lastSuccess->finished) : QByteArrayLiteral("0"));
            attemptSuccess->add(labels, s.lastAttempt->code == 0 ? QByteArrayLiteral("1") : QByteArrayLiteral("0"));
        }
    }
    QByteArray text;
    for (const Family *f : {&lastSuccess, &lastAttempt, &lastAttemptSuccess, &lastBytes, &lastDuration, &links,
                            &verifySuccess, &verifyAttemptSuccess, &drillSuccess, &drillAttemptSuccess})
        text += f->text();
    return text;
}

Status MetricsFile::write(const QString &path, const QString &historyPath)
{
    auto entries = JobHistory::read({}, historyPath);
    if (!entries)
        return entries.error();
    auto text = render(entries.value());
    if (!text)
        return text.error();
    const QString hint = tr("Check that the directory exists and this user may write in it (node_exporter's "
                            "--collector.textfile.directory, e.g. /var/lib/prometheus/node-exporter).");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, tr("Cannot write the metrics file '%1': %2").arg(path, file.errorString()),
                         hint);
    // The collector runs as another user: readable by all, whatever the umask.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                             QFileDevice::WriteUser | QFileDevice::ReadGroup | QFileDevice::ReadOther) ||
        file.write(text.value()) != text.value().size() || !file.commit())
        return makeError(ErrorCode::Io, tr("Cannot write the metrics file '%1': %2").arg(path, file.errorString()),
                         hint);
    return {};
}

} // namespace tidemark
