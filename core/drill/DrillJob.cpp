#include "drill/DrillJob.h"

#include "backup/VerifyJob.h"
#include "browse/ChainBrowser.h"
#include "drill/ScratchNode.h"
#include "kinds/NodeKind.h"
#include "restore/RestoreEngine.h"
#include "storage/ChainStore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStorageInfo>

#include <pwd.h>
#include <unistd.h>

namespace tidemark {

namespace {

QString currentUser()
{
    const struct passwd *user = ::getpwuid(::geteuid());
    return user ? QString::fromLocal8Bit(user->pw_name) : QString::number(::geteuid());
}

QString shardLabel(const QString &database, const DrillResult::Shard &shard)
{
    return QStringLiteral("%1/%2/%3").arg(database, shard.retentionPolicy).arg(shard.id);
}

/// `tidemarkd inspect --json`'s report, reduced to what the drill compares.
struct Digests {
    QString all;
    QHash<QString, QString> databases;
    QHash<quint64, quint64> shardIndexes;
};

Digests digestsOf(const QJsonObject &report)
{
    Digests d;
    d.all = report.value(QStringLiteral("digest")).toString();
    for (const QJsonValue &db : report.value(QStringLiteral("databases")).toArray()) {
        const QJsonObject o = db.toObject();
        d.databases.insert(o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("digest")).toString());
        for (const QJsonValue &shard : o.value(QStringLiteral("shards")).toArray())
            d.shardIndexes.insert(static_cast<quint64>(shard.toObject().value(QStringLiteral("id")).toInteger()),
                                  static_cast<quint64>(shard.toObject().value(QStringLiteral("index")).toInteger()));
    }
    return d;
}

} // namespace

int DrillResult::shardCount() const
{
    int n = 0;
    for (const Database &db : databases)
        n += static_cast<int>(db.shards.size());
    return n;
}

DrillJob::DrillJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
    qRegisterMetaType<DrillResult>();
}

DrillJob::~DrillJob()
{
    cancel();
    waitForFinished();
}

QString DrillJob::title() const
{
    return ScratchNode::tr("Restore drill of %1").arg(m_options.chain);
}

Error DrillJob::execute()
{
    DrillResult result;
    result.chain = m_options.chain;
    result.error = run(result);
    if (isCancelled() && result.error.code != ErrorCode::Ok)
        result.error =
            makeError(ErrorCode::Cancelled, ScratchNode::tr("Restore drill of '%1' cancelled").arg(m_options.chain));
    // A verdict on the chain stays beside it for the catalog (`list`): a pass, or a failure the
    // chain itself caused. No room, no program, no key, a cancel say nothing about the chain.
    const ErrorCode code = result.error.code;
    if (code == ErrorCode::Ok || code == ErrorCode::Integrity || code == ErrorCode::State ||
        code == ErrorCode::Protocol) {
        VerifyRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.ok = result.ok();
        record.links = result.links;
        if (!result.ok())
            record.message =
                result.failedStep + QStringLiteral(": ") + result.error.message.section(QLatin1Char('\n'), 0, 0);
        const std::unique_ptr<ChainStore> store(ChainStore::open(m_options.chain));
        if (Status s = store->writeSidecar(VerifyRecord::kDrillSidecar, record.toJson()); !s)
            result.recordError = s.error().message;
    }
    m_result = result;
    return result.error;
}

Error DrillJob::run(DrillResult &result)
{
    const auto fail = [&](const QString &step, Error error) {
        result.failedStep = step;
        return error;
    };
    const auto cancelled = [&] { return makeError(ErrorCode::Cancelled, {}); };

    // 1. What the chain holds at the link: its meta store, read from the link that has it.
    reportStage(ScratchNode::tr("reading what %1 holds").arg(m_options.chain));
    ChainBrowser::Options browse;
    browse.chain = m_options.chain;
    browse.upto = m_options.upto;
    browse.shallow = true;
    auto contents = ChainBrowser::browse(browse, {}, cancelFlag());
    if (!contents)
        return fail(QStringLiteral("chain"), contents.error());
    result.chain = contents->chain;
    result.upto = contents->upto;
    result.links = contents->upto + 2;
    result.kind = contents->kind;
    const NodeKind &kind = NodeKind::of(contents->kind);
    for (const ChainContents::Database &db : contents->databases) {
        DrillResult::Database drilled;
        drilled.name = db.name;
        QStringList missing;
        int held = 0;
        int named = 0;
        for (const ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
            for (const ChainContents::Shard &shard : rp.shards) {
                ++named;
                if (shard.link.isEmpty())
                    missing << QStringLiteral("%1/%2/%3").arg(db.name, rp.name).arg(shard.id);
                else
                    ++held;
                drilled.shards.push_back({shard.id, rp.name, 0});
            }
        }
        if (named > 0 && held == 0 && kind.backsUpChosenDatabases()) {
            result.notBackedUp << db.name; // `backup -db` left it out: nothing of it to restore.
            continue;
        }
        if (!missing.isEmpty())
            return fail(
                QStringLiteral("missing"),
                makeError(ErrorCode::Integrity,
                          ScratchNode::tr("The chain holds no copy of shard %1, which the meta store of %2 names")
                              .arg(missing.join(QStringLiteral(", ")), contents->link),
                          ScratchNode::tr("A restore of this link would miss that data: drill an earlier link "
                                          "with --upto, or take a new full backup.")));
        result.databases.push_back(std::move(drilled));
    }

    // 2. The scratch node.
    reportStage(ScratchNode::tr("making a scratch %1").arg(kind.displayName()));
    ScratchNode::Options scratchOptions;
    scratchOptions.parentDir = m_options.scratchParent;
    scratchOptions.startTimeoutMs = m_options.startTimeoutMs;
    auto created = ScratchNode::create(kind, scratchOptions);
    if (!created)
        return fail(QStringLiteral("scratch"), created.error());
    std::unique_ptr<ScratchNode> node = created.takeValue();
    result.scratchDir = node->dir();
    result.program = node->program();
    if (m_options.keep)
        node->keep();

    // 3. The restore, by the offline engine, into the scratch node's directories.
    QElapsedTimer timer;
    timer.start();
    RestoreEngine::Options restore;
    restore.configPath = node->configPath();
    restore.chainPath = m_options.chain;
    restore.upto = contents->upto;
    restore.owner = currentUser();
    RestoreEngine engine(restore);
    QString lastStage;
    const RestoreEngine::Progress progress = [&](const QString &stage, qint64 done, qint64 total) {
        if (stage != lastStage)
            reportStage(lastStage = stage);
        reportProgress(done, total);
    };
    const RestorePlan plan = engine.preflight(progress, cancelFlag());
    if (isCancelled())
        return cancelled();
    const QStorageInfo storage(node->dir());
    const qint64 needed = plan.bytesToWrite + plan.scratchBytes + (16 << 20);
    if (storage.isValid() && storage.bytesAvailable() < needed)
        return fail(
            QStringLiteral("space"),
            makeError(ErrorCode::Io,
                      ScratchNode::tr("Not enough room for the drill in %1: the restore writes %2 bytes, %3 are free")
                          .arg(storage.rootPath())
                          .arg(plan.bytesToWrite + plan.scratchBytes)
                          .arg(storage.bytesAvailable()),
                      ScratchNode::tr("Give a scratch location with at least %1 MiB free: --scratch DIR.")
                          .arg(needed >> 20)));
    if (plan.hasErrors())
        return fail(QStringLiteral("restore"), plan.firstError());
    QHash<quint64, quint64> manifestIndex; // Shard id → its index as the manifest recorded it at backup time.
    for (const RestorePlan::Write &write : plan.writes) {
        if (const quint64 id = Manifest::shardId(write.file.name); id != 0)
            manifestIndex.insert(id, write.file.index);
    }
    for (DrillResult::Database &db : result.databases) {
        for (DrillResult::Shard &shard : db.shards)
            shard.index = manifestIndex.value(shard.id);
    }
    result.bytesRestored = plan.bytesToWrite;
    const RestoreEngine::Outcome outcome = engine.execute(plan, progress, cancelFlag());
    if (isCancelled())
        return cancelled();
    if (!outcome.ok())
        return fail(QStringLiteral("restore"), outcome.error);
    result.restoreSeconds = static_cast<double>(timer.restart()) / 1000.0;

    // 4. The content digest of the restored files, and each shard's own index, before the node starts.
    //    Files it cannot read are reported after the start: the node's own words come first.
    std::optional<Digests> before;
    std::optional<Error> inspectError;
    if (!node->setup().inspectArguments.isEmpty()) {
        reportStage(ScratchNode::tr("inspecting the restored files"));
        if (auto report = node->inspect())
            before = digestsOf(report.value());
        else
            inspectError = report.error();
    }

    // 5. The node.
    reportStage(ScratchNode::tr("starting %1 on %2").arg(kind.program(), node->httpAddress().toString()));
    if (Status started = node->start(cancelFlag()); !started)
        return fail(QStringLiteral("start"), started.error());
    result.startSeconds = static_cast<double>(timer.restart()) / 1000.0;
    if (inspectError)
        return fail(QStringLiteral("digest"), *inspectError);
    // Each restored shard's own index against the one its manifest recorded at backup time
    // (after the start: a node that refuses such files says why in its own words first).
    if (before && !kind.indexIsTime()) {
        for (const DrillResult::Database &db : result.databases) {
            for (const DrillResult::Shard &shard : db.shards) {
                if (before->shardIndexes.value(shard.id) != shard.index)
                    return fail(QStringLiteral("digest"),
                                makeError(ErrorCode::Integrity,
                                          ScratchNode::tr("Shard %1 restored holds index %2, but the manifest "
                                                          "recorded %3 at backup time")
                                              .arg(shardLabel(db.name, shard))
                                              .arg(before->shardIndexes.value(shard.id))
                                              .arg(shard.index)));
            }
        }
    }

    // 6. What it serves.
    // A node that carried on past files it could not read says so only in its log: checked as
    // soon as it answers (it logs what it could not open while starting) and after the queries.
    const auto loggedErrors = [&]() -> std::optional<Error> {
        const QStringList errors = node->errorLines();
        if (errors.isEmpty())
            return std::nullopt;
        return fail(QStringLiteral("log"),
                    makeError(ErrorCode::Integrity,
                              ScratchNode::tr("%1 reported %2 error(s) while serving the restored files:\n%3")
                                  .arg(kind.program())
                                  .arg(errors.size())
                                  .arg(errors.mid(0, 3).join(QLatin1Char('\n'))),
                              ScratchNode::tr("Its data may be lost on a restore: restore from another chain, or drill "
                                              "an earlier link with --upto.")));
    };
    if (auto logged = loggedErrors())
        return *logged;
    reportStage(ScratchNode::tr("checking every database and shard on the scratch node"));
    ConnectionSettings settings;
    settings.host = node->snapshotAddress();
    settings.kind = contents->kind;
    settings.timeoutMs = 30000;
    const NodeHealth health = kind.probe(settings);
    if (health.state != NodeHealth::State::Reachable)
        return fail(
            QStringLiteral("start"),
            makeError(ErrorCode::State, ScratchNode::tr("The scratch node's snapshot service at %1 does not answer: %2")
                                            .arg(node->snapshotAddress().toString(), health.error.message)));
    QHash<quint64, const protocol::NodeInfo::Shard *> served;
    for (const protocol::NodeInfo::Shard &shard : health.info.shards)
        served.insert(shard.id, &shard);
    auto shown = node->query(QStringLiteral("SHOW DATABASES"));
    if (!shown)
        return fail(QStringLiteral("query"), shown.error());
    QSet<QString> listed;
    for (const QJsonValue &series : QJsonDocument::fromJson(shown.value())
                                        .object()
                                        .value(QStringLiteral("results"))
                                        .toArray()
                                        .at(0)
                                        .toObject()
                                        .value(QStringLiteral("series"))
                                        .toArray()) {
        for (const QJsonValue &row : series.toObject().value(QStringLiteral("values")).toArray())
            listed.insert(row.toArray().at(0).toString());
    }
    const auto missing = [&](const QString &what) {
        return fail(QStringLiteral("missing"),
                    makeError(ErrorCode::Integrity,
                              ScratchNode::tr("%1 is missing on the node started from %2").arg(what, contents->link),
                              ScratchNode::tr("The chain does not restore whole: restore from another chain, or drill "
                                              "an earlier link with --upto.")));
    };
    for (const DrillResult::Database &db : result.databases) {
        if (!health.info.databases.contains(db.name) || !listed.contains(db.name))
            return missing(ScratchNode::tr("Database %1").arg(db.name));
        for (const DrillResult::Shard &shard : db.shards) {
            const protocol::NodeInfo::Shard *on = served.value(shard.id);
            if (!on || on->database != db.name)
                return missing(ScratchNode::tr("Shard %1").arg(shardLabel(db.name, shard)));
            if (!kind.indexIsTime() && on->index != shard.index)
                return fail(QStringLiteral("digest"),
                            makeError(ErrorCode::Integrity, ScratchNode::tr("The scratch node serves shard %1 at index "
                                                                            "%2, but the manifest recorded %3")
                                                                .arg(shardLabel(db.name, shard))
                                                                .arg(on->index)
                                                                .arg(shard.index)));
        }
        if (!node->setup().databaseQuery.isEmpty()) {
            if (isCancelled())
                return cancelled();
            if (auto answer = node->query(node->setup().databaseQuery, db.name, 300000); !answer)
                return fail(QStringLiteral("query"), answer.error());
        }
    }
    if (before) {
        reportStage(ScratchNode::tr("comparing the content digest beside the running node"));
        auto report = node->inspect();
        if (!report)
            return fail(QStringLiteral("digest"), report.error());
        const Digests after = digestsOf(report.value());
        for (DrillResult::Database &db : result.databases) {
            if (after.databases.value(db.name) != before->databases.value(db.name))
                return fail(
                    QStringLiteral("digest"),
                    makeError(ErrorCode::Integrity,
                              ScratchNode::tr("The content digest of database %1 is %2 on the running node, "
                                              "%3 in the restored files")
                                  .arg(db.name, after.databases.value(db.name), before->databases.value(db.name))));
            db.digest = after.databases.value(db.name);
        }
        if (after.all != before->all)
            return fail(QStringLiteral("digest"),
                        makeError(ErrorCode::Integrity, ScratchNode::tr("The content digest is %1 on the running node, "
                                                                        "%2 in the restored files")
                                                            .arg(after.all, before->all)));
        result.digest = after.all;
    }
    if (auto logged = loggedErrors())
        return *logged;
    result.checkSeconds = static_cast<double>(timer.restart()) / 1000.0;

    // 7. Stopped; the scratch directory goes with `node`.
    reportStage(ScratchNode::tr("stopping the scratch node"));
    if (const int code = node->stop(); code != 0)
        return fail(QStringLiteral("stop"),
                    makeError(ErrorCode::State, ScratchNode::tr("%1 did not stop cleanly (exit code %2):\n%3")
                                                    .arg(kind.program())
                                                    .arg(code)
                                                    .arg(node->logTail())));
    return makeError(ErrorCode::Ok, {});
}

} // namespace tidemark
