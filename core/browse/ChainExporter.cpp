#include "browse/ChainExporter.h"

#include "browse/LinkFiles.h"
#include "kinds/NodeKind.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <limits>

namespace tidemark {

namespace {

QString listOf(const QStringList &names)
{
    return names.isEmpty() ? ChainExporter::tr("nothing") : names.join(QStringLiteral(", "));
}

// Both sinks get the bytes: the ContentsReader's meta sink and the session's.
class TeeSink : public ContentsReader::Sink {
public:
    TeeSink(std::unique_ptr<Sink> a, std::unique_ptr<Sink> b) : m_a(std::move(a)), m_b(std::move(b)) {}
    Status write(const char *bytes, qsizetype size) override
    {
        if (Status s = m_a->write(bytes, size); !s)
            return s;
        return m_b->write(bytes, size);
    }
    Status finish() override
    {
        if (Status s = m_a->finish(); !s)
            return s;
        return m_b->finish();
    }

private:
    std::unique_ptr<Sink> m_a;
    std::unique_ptr<Sink> m_b;
};

} // namespace

Result<std::int64_t> ChainExporter::parseTime(const QString &text, const QString &option)
{
    const auto bad = [&] {
        return makeError(ErrorCode::Usage, tr("%1 '%2' is not a time").arg(option, text),
                         tr("Give RFC 3339 (e.g. %1 2026-11-30T12:00:00Z or 2026-11-30T13:00:00.5+01:00) or an "
                            "integer with a unit (1796040000s, 1796040000000ms, …us, …ns; no unit: nanoseconds).")
                             .arg(option));
    };
    static const QRegularExpression integer(QStringLiteral("^(-?[0-9]+)(ns|us|µs|ms|s)?$"));
    if (const auto m = integer.match(text); m.hasMatch()) {
        bool ok = false;
        const qint64 value = m.captured(1).toLongLong(&ok);
        if (!ok)
            return bad();
        const QString unit = m.captured(2);
        qint64 scale = 1;
        if (unit == QLatin1String("us") || unit == QStringLiteral("µs"))
            scale = 1000;
        else if (unit == QLatin1String("ms"))
            scale = 1000000;
        else if (unit == QLatin1String("s"))
            scale = 1000000000;
        qint64 ns = 0;
        if (__builtin_mul_overflow(value, scale, &ns))
            return bad();
        return ns;
    }
    static const QRegularExpression rfc3339(
        QStringLiteral("^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt "
                       "]([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\\.([0-9]{1,9}))?([Zz]|[+-][0-9]{2}:[0-9]{2})$"));
    const auto m = rfc3339.match(text);
    if (!m.hasMatch())
        return bad();
    QString zone = m.captured(4);
    if (zone == QLatin1String("z"))
        zone = QStringLiteral("Z");
    const QDateTime at = QDateTime::fromString(m.captured(1) + QLatin1Char('T') + m.captured(2) + zone, Qt::ISODate);
    if (!at.isValid())
        return bad();
    const qint64 fraction = m.captured(3).isEmpty() ? 0 : m.captured(3).leftJustified(9, QLatin1Char('0')).toLongLong();
    return at.toSecsSinceEpoch() * 1000000000LL + fraction;
}

Result<ChainExporter::Summary> ChainExporter::exportPoints(const Options &options, PointWriter &out,
                                                           const ChainBrowser::Progress &progress,
                                                           const std::atomic_bool *cancelled)
{
    const PointReader::Filter &filter = options.filter;
    if (filter.database.isEmpty())
        return makeError(ErrorCode::Usage, tr("export needs --database"), tr("Give --database NAME."));
    if (filter.start >= filter.end)
        return makeError(ErrorCode::Usage, tr("--start is not before --end: no point lies in between"),
                         tr("--start is inclusive, --end exclusive: give an --end after --start."));
    LinkReading reading{progress, cancelled, 0, 0, 0, {}, tr("Export cancelled")};
    reading.stage = tr("reading %1").arg(options.chain);
    reading.report();
    auto state = ChainAtLink::open(options.chain, options.upto);
    if (!state)
        return state.error();
    const BackupChain &chain = state->chain;
    const std::vector<BackupChain::Link> &links = chain.links();
    const int upto = state->upto;
    const Manifest *merged = &state->merged;
    const size_t taken = state->taken;
    const auto ownerOf = [&](const QString &name) { return state->ownerOf(name); };

    Summary summary;
    summary.chain = chain.path();
    summary.upto = upto;
    summary.link = links[taken - 1].path;
    summary.kind = links.front().manifest.kind;
    const NodeKind &kind = NodeKind::of(summary.kind);
    auto session = kind.pointReader().begin(filter, out);
    if (!session)
        return session.error();
    auto scratch = chain.store().scratch();
    if (!scratch)
        return scratch.error();
    const auto contextFor = [&](const QString &link) {
        return ContentsReader::Context{scratch.value()->path(), link, cancelled};
    };

    const size_t metaLink = merged->file(QStringLiteral("meta")) ? ownerOf(QStringLiteral("meta")) : taken;
    if (metaLink == taken)
        return makeError(ErrorCode::Integrity,
                         tr("Backup chain '%1' holds no meta store up to %2").arg(chain.path(), summary.link));
    std::vector<ChainContents::Database> databases;
    const Opener metaOpener = [&](const QString &link) -> Result<std::unique_ptr<ContentsReader::Sink>> {
        auto contents = kind.contentsReader().openMeta(contextFor(link), &databases);
        if (!contents)
            return contents.error();
        auto own = session.value()->openMeta(contextFor(link));
        if (!own)
            return own.error();
        if (!own.value())
            return contents.takeValue();
        return std::unique_ptr<ContentsReader::Sink>(std::make_unique<TeeSink>(contents.takeValue(), own.takeValue()));
    };
    // Its newest copy, or each of its steps when that is a block or reference link (rebuilt in scratch).
    const std::vector<RebuiltFile::Read> metaReads =
        state->reads(QStringLiteral("meta"), scratch.value()->path(), metaOpener);
    reading.total = 0;
    for (const RebuiltFile::Read &read : metaReads)
        reading.total += links[read.link].bytes;
    std::unique_ptr<LinkFiles> metaFiles;
    for (const RebuiltFile::Read &read : metaReads) {
        metaFiles.reset();
        metaFiles = std::make_unique<LinkFiles>(chain, links[read.link], reading);
        if (Status s = metaFiles->open(); !s)
            return s.error();
        if (Status s = metaFiles->read({{QStringLiteral("meta"), read.open}}); !s)
            return s.error();
    }

    // The database and policy the filter names; NotFound says what is there.
    QStringList names;
    const ChainContents::Database *db = nullptr;
    for (const ChainContents::Database &d : databases) {
        names << d.name;
        if (d.name == filter.database)
            db = &d;
    }
    if (!db)
        return makeError(ErrorCode::NotFound,
                         tr("%1 holds no database '%2' at %3").arg(chain.path(), filter.database, summary.link),
                         tr("Its databases there: %1. Give one of them as --database.").arg(listOf(names)));
    std::vector<const ChainContents::RetentionPolicy *> policies;
    QStringList policyNames;
    for (const ChainContents::RetentionPolicy &rp : db->retentionPolicies) {
        policyNames << rp.name;
        if (filter.retentionPolicy.isEmpty() || rp.name == filter.retentionPolicy)
            policies.push_back(&rp);
    }
    if (policies.empty())
        return makeError(
            ErrorCode::NotFound,
            tr("Database '%1' has no retention policy '%2' at %3").arg(db->name, filter.retentionPolicy, summary.link),
            tr("Its retention policies there: %1. Give one of them as --rp, or leave --rp out.")
                .arg(listOf(policyNames)));
    std::sort(policies.begin(), policies.end(), [](auto *a, auto *b) { return a->name < b->name; });

    // The shards to read, in time order per policy.
    struct Planned {
        PointReader::Shard shard;
        size_t link = 0;
        QString name;
    };
    std::vector<Planned> plan;
    for (const ChainContents::RetentionPolicy *rp : policies) {
        std::vector<Planned> own;
        for (const ChainContents::Shard &shard : rp->shards) {
            if (shard.endNs <= filter.start || shard.startNs >= filter.end)
                continue; // Its group lies outside the range.
            const QString name = QStringLiteral("shards/%1").arg(shard.id);
            if (!merged->file(name))
                continue; // A group without points: never copied.
            const size_t owner = ownerOf(name);
            if (owner == taken)
                continue;
            own.push_back({{shard.id, rp->name, shard.startNs, shard.endNs}, owner, name});
        }
        std::sort(own.begin(), own.end(), [](const Planned &a, const Planned &b) {
            return a.shard.startNs != b.shard.startNs ? a.shard.startNs < b.shard.startNs : a.shard.id < b.shard.id;
        });
        plan.insert(plan.end(), own.begin(), own.end());
    }
    qint64 total = 0;
    for (const Planned &p : plan)
        total += state->storedBytes(p.name);
    reading.total = reading.done + total;
    reading.report();

    // Each shard from its link (or, when its newest copy is a block or reference link, from each of its steps'
    // links in turn); a link stays open while the next file lies ahead in it.
    std::unique_ptr<LinkFiles> current = std::move(metaFiles);
    size_t currentLink = metaReads.back().link;
    for (const Planned &p : plan) {
        PointReader::Session &own = *session.value();
        const PointReader::Shard shard = p.shard;
        for (const RebuiltFile::Read &read :
             state->reads(p.name, scratch.value()->path(), [&own, &contextFor, shard](const QString &link) {
                 return own.openShard(contextFor(link), shard);
             })) {
            if (!current || currentLink != read.link || !current->ahead(p.name)) {
                current.reset();
                current = std::make_unique<LinkFiles>(chain, links[read.link], reading);
                currentLink = read.link;
                if (Status s = current->open(); !s)
                    return s.error();
            }
            if (Status s = current->read({{p.name, read.open}}); !s)
                return s.error();
        }
        ++summary.shards;
    }
    current.reset();
    if (Status s = session.value()->finish(contextFor(summary.link)); !s)
        return s.error();
    if (reading.isCancelled())
        return reading.cancelledError();
    const bool timeLimited = filter.start != std::numeric_limits<std::int64_t>::min() ||
                             filter.end != std::numeric_limits<std::int64_t>::max();
    if (!filter.measurement.isEmpty() && !session.value()->measurementSeen() && (summary.shards > 0 || !timeLimited))
        return makeError(ErrorCode::NotFound,
                         tr("Database '%1' holds no measurement '%2' in the shards read at %3")
                             .arg(db->name, filter.measurement, summary.link),
                         tr("`tidemark-cli ls %1:%2 %3` lists its measurements; --start/--end limit the shards read.")
                             .arg(chain.path())
                             .arg(upto)
                             .arg(db->name));
    summary.linksRead = reading.links;
    summary.bytesRead = reading.done;
    return summary;
}

} // namespace tidemark
