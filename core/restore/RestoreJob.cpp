#include "restore/RestoreJob.h"

#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "store/BrokerStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStorageInfo>
#include <QTcpSocket>

#include <csignal>
#include <filesystem>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

namespace tidemark {

namespace {

const char *const kNew = ".restore-new";
const char *const kOld = ".restore-old";
const char *const kJournal = ".restore-journal";

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreJob", text);
}

// The test hook of the header: die exactly here, as a kill -9 would.
void stopHook(const char *step)
{
    if (qEnvironmentVariable("TIDEMARK_RESTORE_STOP_AT") == QLatin1String(step))
        ::kill(::getpid(), SIGKILL);
}

QString canonical(const QString &path)
{
    const QFileInfo info(path);
    const QString resolved = info.exists() ? info.canonicalFilePath() : QString();
    return resolved.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : resolved;
}

// True when `dir` is `other` or contains it; compares whole path components ("/a" is not an
// ancestor of "/ab").
bool isSameOrAncestor(const QString &dir, const QString &other)
{
    return other == dir || dir == QLatin1String("/") || other.startsWith(dir + QLatin1Char('/'));
}

qint64 treeBytes(const QString &dir)
{
    qint64 total = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

Status syncPath(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io, tr("Cannot open '%1' to sync it").arg(path));
    const int rc = ::fsync(fd);
    ::close(fd);
    return rc == 0 ? Status{} : makeError(ErrorCode::Io, tr("Cannot sync '%1'").arg(path));
}

// Creates `path` and its parents; the error names the directory, the cause and the fix.
Status makePath(const QString &path)
{
    std::error_code error;
    std::filesystem::create_directories(QFile::encodeName(path).toStdString(), error);
    if (!error)
        return {};
    return makeError(
        ErrorCode::Io, tr("Cannot create '%1': %2").arg(path, QString::fromLocal8Bit(error.message().c_str())),
        tr("Free space there (df -h and df -i show bytes and inodes) or fix its permissions, then run the restore "
           "again; the old data was not touched."));
}

Status renameDir(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot rename '%1' to '%2': %3").arg(from, to, QString::fromLocal8Bit(::strerror(errno))));
    return syncPath(QFileInfo(to).path());
}

Status writeJournal(const QString &path, const QJsonObject &journal)
{
    QSaveFile file(path);
    const QByteArray bytes = QJsonDocument(journal).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorCode::Io, tr("Cannot write the restore journal '%1': %2").arg(path, file.errorString()));
    return syncPath(QFileInfo(path).path());
}

Status chownTree(const QString &dir, uid_t uid, gid_t gid)
{
    const auto one = [&](const QString &path) -> Status {
        if (::lchown(QFile::encodeName(path).constData(), uid, gid) != 0)
            return makeError(
                ErrorCode::Io,
                tr("Cannot change the owner of '%1': %2").arg(path, QString::fromLocal8Bit(::strerror(errno))));
        return {};
    };
    if (Status s = one(dir); !s)
        return s;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        if (Status s = one(it.next()); !s)
            return s;
    }
    return {};
}

RestoreFinding finding(ErrorCode code, const QString &message, const QString &fix)
{
    return RestoreFinding{RestoreFinding::Severity::Error, code, message, fix};
}

// Directories whose loss would break the system or someone's home.
bool isProtectedDir(const QString &dir)
{
    static const QStringList system = {
        QStringLiteral("/"),          QStringLiteral("/bin"),     QStringLiteral("/boot"),
        QStringLiteral("/dev"),       QStringLiteral("/etc"),     QStringLiteral("/home"),
        QStringLiteral("/lib"),       QStringLiteral("/lib32"),   QStringLiteral("/lib64"),
        QStringLiteral("/libx32"),    QStringLiteral("/media"),   QStringLiteral("/mnt"),
        QStringLiteral("/opt"),       QStringLiteral("/proc"),    QStringLiteral("/root"),
        QStringLiteral("/run"),       QStringLiteral("/sbin"),    QStringLiteral("/srv"),
        QStringLiteral("/sys"),       QStringLiteral("/tmp"),     QStringLiteral("/usr"),
        QStringLiteral("/usr/bin"),   QStringLiteral("/usr/lib"), QStringLiteral("/usr/local"),
        QStringLiteral("/usr/share"), QStringLiteral("/var"),     QStringLiteral("/var/lib"),
        QStringLiteral("/var/log"),   QStringLiteral("/var/tmp"), QStringLiteral("/var/cache")};
    if (system.contains(dir) || QFileInfo(dir).path() == QLatin1String("/home"))
        return true;
    const QString home = QDir::homePath();
    return !home.isEmpty() && home != QLatin1String("/") && dir == canonical(home);
}

// Where a directory of this config key usually lives.
QString exampleDir(const QString &key, bool influx)
{
    const QString base = influx ? QStringLiteral("/var/lib/influxdb/") : QStringLiteral("/var/lib/tidemark/");
    if (key.contains(QLatin1String("wal")))
        return base + QStringLiteral("wal");
    return base + key.section(QLatin1Char(']'), 0, 0).mid(1);
}

} // namespace

bool RestorePlan::hasErrors() const
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const RestoreFinding &f) { return f.severity == RestoreFinding::Severity::Error; });
}

Error RestorePlan::firstError() const
{
    for (const RestoreFinding &f : findings) {
        if (f.severity == RestoreFinding::Severity::Error)
            return makeError(f.code, f.message, f.fix);
    }
    return makeError(ErrorCode::Ok, {});
}

RestorePlan RestoreJob::preflight(const Progress &progress)
{
    RestorePlan plan;
    plan.configPath = m_options.configPath;
    plan.chainPath = QDir::cleanPath(QFileInfo(m_options.chainPath).absoluteFilePath());
    plan.upto = m_options.upto;
    plan.owner = m_options.owner;
    const auto error = [&](ErrorCode code, const QString &message, const QString &fix) {
        plan.findings.push_back(finding(code, message, fix));
    };

    // 1. The config parses and names absolute directories. The chain's kind says which config:
    //    a Tidemark node's (NodeConfig) or an InfluxDB 1.x node's (InfluxConfig).
    auto fullManifest = BackupChain::readManifest(plan.chainPath); // Read again, and reported, in step 4.
    plan.kind = fullManifest ? fullManifest->kind : Manifest::Kind::Tidemark;
    const bool influx = plan.kind == Manifest::Kind::InfluxDb1;
    std::vector<std::pair<QString, QString>> targets; // config key, canonical directory; the data dir is second
    std::vector<HostPort> addresses;
    if (influx) {
        auto config = InfluxConfig::load(m_options.configPath);
        if (!config) {
            error(config.error().code, config.error().message, config.error().hint);
            return plan;
        }
        plan.influx = config.value();
        targets = {{QStringLiteral("[meta] dir"), canonical(plan.influx.metaDir)},
                   {QStringLiteral("[data] dir"), canonical(plan.influx.dataDir)},
                   {QStringLiteral("[data] wal-dir"), canonical(plan.influx.walDir)}};
        addresses = {plan.influx.httpBind, plan.influx.snapshotBind};
    } else {
        auto config = NodeConfig::load(m_options.configPath);
        if (!config) {
            error(config.error().code, config.error().message, config.error().hint);
            return plan;
        }
        plan.config = config.value();
        plan.brokerUrl = QStringLiteral("http://") + plan.config.httpBind.toString();
        targets = {{QStringLiteral("[broker] dir"), canonical(plan.config.brokerDir)},
                   {QStringLiteral("[data] dir"), canonical(plan.config.dataDir)}};
        addresses = {plan.config.httpBind, plan.config.snapshotBind};
    }
    const QString stopFix = influx
                                ? tr("Stop influxd first (e.g. systemctl stop influxdb), then run restore again.")
                                : tr("Stop tidemarkd first (e.g. systemctl stop tidemarkd), then run restore again.");

    // 2. Directories that must never be replaced, nor contain each other or the chain.
    const QString chainDir = canonical(QFileInfo(plan.chainPath).path());
    for (const auto &[key, dir] : targets) {
        if (isProtectedDir(dir))
            error(ErrorCode::Config,
                  tr("refusing to restore into '%1' (%2): it is a system or home directory and would be removed")
                      .arg(dir, key),
                  tr("Point %1 in '%2' at a directory of its own, e.g. %3.")
                      .arg(key, m_options.configPath, exampleDir(key, influx)));
        else if (isSameOrAncestor(dir, chainDir))
            error(ErrorCode::Config,
                  tr("refusing to restore into '%1' (%2): the backup chain '%3' is inside it")
                      .arg(dir, key, plan.chainPath),
                  tr("Move the backup out of that directory first."));
    }
    for (size_t i = 0; i < targets.size(); ++i) {
        for (size_t j = i + 1; j < targets.size(); ++j) {
            if (isSameOrAncestor(targets[i].second, targets[j].second) ||
                isSameOrAncestor(targets[j].second, targets[i].second))
                error(ErrorCode::Config,
                      tr("refusing to restore into '%1' and '%2': one contains the other")
                          .arg(targets[i].second, targets[j].second),
                      tr("Give %1 and %2 separate directories.").arg(targets[i].first, targets[j].first));
        }
    }

    // 3. The node must be stopped: its directory locks (tidemarkd takes them) and its ports.
    for (const auto &[key, dir] : influx ? decltype(targets){} : targets) {
        if (!QFileInfo::exists(dir + QStringLiteral("/tidemarkd.lock")))
            continue;
        QLockFile lock(dir + QStringLiteral("/tidemarkd.lock"));
        lock.setStaleLockTime(0);
        if (lock.tryLock(0)) {
            lock.unlock();
            continue;
        }
        qint64 pid = 0;
        QString host;
        QString app;
        lock.getLockInfo(&pid, &host, &app);
        error(ErrorCode::Busy, tr("The node is running: '%1' (%2) is locked by pid %3").arg(dir, key).arg(pid),
              stopFix);
    }
    for (const HostPort &address : addresses) {
        if (address.port == 0)
            continue;
        QTcpSocket probe;
        probe.connectToHost(address.host, address.port);
        if (probe.waitForConnected(500))
            error(ErrorCode::Busy,
                  tr("The node is running: something answers on %1 (from '%2')")
                      .arg(address.toString(), m_options.configPath),
                  stopFix);
    }

    // 4. The chain is complete and every checksum matches.
    auto chain = BackupChain::open(plan.chainPath);
    if (!chain) {
        error(chain.error().code, chain.error().message, chain.error().hint);
        return plan;
    }
    if (chain->isEmpty()) {
        error(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(plan.chainPath),
              tr("Check the path of the full snapshot."));
        return plan;
    }
    auto merged = m_options.upto ? chain->mergedUpTo(*m_options.upto) : Result<Manifest>(chain->merged());
    if (!merged) {
        error(merged.error().code, merged.error().message, merged.error().hint);
        return plan;
    }
    const size_t linkCount = m_options.upto ? static_cast<size_t>(*m_options.upto + 2) : chain->links().size();
    qint64 total = 0;
    for (size_t i = 0; i < linkCount; ++i)
        total += chain->links()[i].bytes;
    qint64 done = 0;
    QByteArray newestMeta;
    for (size_t i = 0; i < linkCount; ++i) {
        const BackupChain::Link &link = chain->links()[i];
        plan.links << link.path;
        QFile archive(link.path);
        if (!archive.open(QIODevice::ReadOnly)) {
            error(ErrorCode::Io, tr("Cannot read '%1': %2").arg(link.path, archive.errorString()), {});
            return plan;
        }
        ArchiveReader reader(
            [&](char *buffer, qsizetype capacity) {
                const qint64 n = archive.read(buffer, capacity);
                if (progress && n > 0)
                    progress(tr("verifying %1").arg(link.path), done += n, total);
                return static_cast<qsizetype>(n);
            },
            link.path);
        auto manifest = reader.readManifest();
        Result<std::optional<ManifestFile>> next =
            manifest ? Result<std::optional<ManifestFile>>(std::optional<ManifestFile>())
                     : Result<std::optional<ManifestFile>>(manifest.error());
        // The newest link's meta store of an InfluxDB node names the shards that exist.
        const bool keepMeta = influx && i == linkCount - 1;
        for (size_t k = 0; next; ++k) {
            const bool isMeta =
                keepMeta && manifest && k < manifest->files.size() && manifest->files[k].name == QLatin1String("meta");
            next = reader.nextFile([&](const char *bytes, qsizetype size) {
                if (isMeta)
                    newestMeta.append(bytes, size);
                return true;
            });
            if (next && !next.value())
                break;
        }
        Status finished = next ? reader.finish() : Status(next.error());
        if (!finished) {
            error(ErrorCode::Integrity, finished.error().message,
                  tr("This link of the chain is damaged: restore with --upto to an earlier link, or from another "
                     "backup."));
            return plan;
        }
    }

    // The plan for an InfluxDB 1.x node: the newest link's meta store, and of every shard it
    // names, the newest copy in the chain (each copy is a whole shard).
    if (influx) {
        auto meta = MetaBlob::parse(newestMeta, plan.links.last());
        if (!meta) {
            error(meta.error().code, meta.error().message, meta.error().hint);
            return plan;
        }
        for (const ManifestFile &file : merged->files) {
            const quint64 id = Manifest::shardId(file.name);
            const bool wanted = id == 0 || std::any_of(meta->shards.begin(), meta->shards.end(),
                                                       [&](const MetaBlob::Shard &s) { return s.id == id; });
            if (!wanted)
                continue; // Dropped since (retention, DROP DATABASE): influxd would not know it.
            for (size_t i = linkCount; i-- > 0;) {
                const ManifestFile *entry = chain->links()[i].manifest.file(file.name);
                if (entry && *entry == file) {
                    plan.writes.push_back({file, chain->links()[i].path});
                    break;
                }
            }
            plan.bytesToWrite += file.size;
        }
    }
    // The plan for a Tidemark node: newest index wins per file; the link that holds each entry.
    for (const ManifestFile &file : influx ? std::vector<ManifestFile>{} : merged->files) {
        QString from;
        for (size_t i = 0; i < linkCount; ++i) {
            const ManifestFile *entry = chain->links()[i].manifest.file(file.name);
            if (entry && *entry == file)
                from = chain->links()[i].path;
        }
        plan.writes.push_back({file, from});
        plan.bytesToWrite += file.size;
        plan.brokerIndex = std::max(plan.brokerIndex, file.index);
    }
    for (const auto &[key, dir] : targets)
        plan.removals.push_back({dir, QFileInfo::exists(dir) ? treeBytes(dir) : 0, QFileInfo::exists(dir), key});

    // 5. Enough free space beside the target (the old data stays until the new is in place).
    QString existing = targets[1].second;
    while (!QFileInfo::exists(existing) && existing != QLatin1String("/"))
        existing = QFileInfo(existing).path();
    const QStorageInfo storage(existing);
    const qint64 needed = plan.bytesToWrite + (1 << 20);
    if (storage.isValid() && storage.bytesAvailable() < needed)
        error(ErrorCode::Io,
              tr("Not enough free space on '%1' for the restore: it needs %2 bytes, %3 are available")
                  .arg(storage.rootPath())
                  .arg(needed)
                  .arg(storage.bytesAvailable()),
              tr("Free space there, or restore an earlier point with --upto."));

    // 6. The owner exists, and we may give it the files.
    const struct passwd *user = ::getpwnam(m_options.owner.toLocal8Bit().constData());
    if (!user) {
        error(ErrorCode::NotFound, tr("User '%1' does not exist").arg(m_options.owner),
              tr("Create it (useradd --system %1) or pass --owner USER.").arg(m_options.owner));
    } else if (::geteuid() != 0 && user->pw_uid != ::geteuid()) {
        QString command = QStringLiteral("sudo tidemark-cli restore -config %1 %2 --owner %3")
                              .arg(m_options.configPath, plan.chainPath, m_options.owner);
        if (m_options.upto)
            command += QStringLiteral(" --upto %1").arg(*m_options.upto);
        error(ErrorCode::Usage, tr("Only root can give the restored files to '%1'").arg(m_options.owner),
              tr("Run instead: %1").arg(command));
    }
    return plan;
}

namespace {

// Finishes or rolls back what the journal beside `dataDir` says; `dirs` when the journal names none.
Result<RestoreJob::Recovery> recoverAt(const QString &dataDir, const QStringList &fallbackDirs)
{
    using Recovery = RestoreJob::Recovery;
    const QString journalPath = dataDir + QLatin1String(kJournal);
    QFile journalFile(journalPath);
    if (!journalFile.exists())
        return Recovery{};
    if (!journalFile.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read the restore journal '%1'").arg(journalPath));
    const QJsonObject journal = QJsonDocument::fromJson(journalFile.readAll()).object();
    journalFile.close();
    const QString step = journal.value(QStringLiteral("step")).toString();
    const QString chain = journal.value(QStringLiteral("chain")).toString();
    QStringList dirs = journal.value(QStringLiteral("dirs")).toVariant().toStringList();
    if (dirs.isEmpty())
        dirs = fallbackDirs;

    if (step == QLatin1String("extracting")) {
        // The old directories were never touched: drop the half-made new ones.
        for (const QString &dir : dirs) {
            if (!QDir(dir + QLatin1String(kNew)).removeRecursively())
                return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(dir + QLatin1String(kNew)));
        }
        QFile::remove(journalPath);
        return Recovery{Recovery::Kind::RolledBack, tr("Rolled back an interrupted restore of '%1': it had not swapped "
                                                       "the directories yet, so the old ones are as they were.")
                                                        .arg(chain)};
    }
    // From the swap on the new directories are complete and verified: finish the swap.
    for (const QString &dir : dirs) {
        const QString fresh = dir + QLatin1String(kNew);
        if (!QFileInfo::exists(fresh))
            continue;
        if (QFileInfo::exists(dir)) {
            if (Status s = renameDir(dir, dir + QLatin1String(kOld)); !s)
                return s.error();
        }
        if (Status s = renameDir(fresh, dir); !s)
            return s.error();
    }
    for (const QString &dir : dirs)
        QDir(dir + QLatin1String(kOld)).removeRecursively();
    QFile::remove(journalPath);
    return Recovery{
        Recovery::Kind::Finished,
        tr("Finished an interrupted restore of '%1': the restored directories are complete and in place.").arg(chain)};
}

// Writes `size` bytes of one archive entry to `path`, fsyncs it and reads it back: what is on
// disk must be what the manifest says, not only what went through memory.
class CheckedFile {
public:
    explicit CheckedFile(const QString &path) : m_file(path) {}
    [[nodiscard]] Status open()
    {
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(
                ErrorCode::Io, tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                tr("Check free space and permissions beside %1.").arg(QFileInfo(m_file.fileName()).path()));
        return {};
    }
    [[nodiscard]] bool write(const char *bytes, qsizetype size) { return m_file.write(bytes, size) == size; }
    [[nodiscard]] QString writeError() const
    {
        return tr(" (writing '%1': %2)").arg(m_file.fileName(), m_file.errorString());
    }
    [[nodiscard]] Status finish(const QString &checksum)
    {
        if (!m_file.flush() || ::fsync(m_file.handle()) != 0)
            return makeError(ErrorCode::Io, tr("Cannot sync '%1': %2").arg(m_file.fileName(), m_file.errorString()));
        m_file.close();
        auto onDisk = Checksum::ofFile(m_file.fileName());
        if (!onDisk)
            return onDisk.error();
        if (onDisk.value() != checksum)
            return makeError(ErrorCode::Integrity,
                             tr("'%1' does not read back with the checksum it was written with").arg(m_file.fileName()),
                             tr("The disk under %1 may be failing.").arg(QFileInfo(m_file.fileName()).path()));
        return {};
    }
    [[nodiscard]] QString fileName() const { return m_file.fileName(); }

private:
    QFile m_file;
};

// Fsyncs every directory under `root` and `root` itself, so new entries survive a crash.
Status syncTree(const QString &root)
{
    QStringList dirs;
    QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        dirs << it.next();
    dirs << root;
    for (const QString &dir : dirs) {
        if (Status s = syncPath(dir); !s)
            return s;
    }
    return {};
}

} // namespace

Result<RestoreJob::Recovery> RestoreJob::recover(const NodeConfig &config)
{
    return recoverAt(config.dataDir, {config.dataDir, config.brokerDir});
}

Result<RestoreJob::Recovery> RestoreJob::recover(const QString &configPath)
{
    if (InfluxConfig::looksLikeInfluxConfig(configPath)) {
        auto influx = InfluxConfig::load(configPath);
        if (!influx)
            return Recovery{};
        return recoverAt(canonical(influx->dataDir),
                         {canonical(influx->dataDir), canonical(influx->metaDir), canonical(influx->walDir)});
    }
    auto config = NodeConfig::load(configPath);
    return config ? recover(config.value()) : Result<Recovery>(Recovery{});
}

RestoreJob::Outcome RestoreJob::execute(const RestorePlan &plan, const Progress &progress,
                                        const std::atomic_bool *cancelled)
{
    Outcome outcome;
    const auto fail = [&](Error e) {
        outcome.error = std::move(e);
        return outcome;
    };
    if (plan.hasErrors())
        return fail(plan.firstError());
    const bool influx = plan.kind == Manifest::Kind::InfluxDb1;
    // The targets, data first: it holds the journal and is swapped first.
    QStringList dirs;
    QStringList names; // for the test hook: data, broker, meta, wal
    for (const RestorePlan::Removal &r : plan.removals) {
        const QString name =
            r.key.contains(QLatin1String("wal")) ? QStringLiteral("wal") : r.key.section(QLatin1Char(']'), 0, 0).mid(1);
        const int at = name == QLatin1String("data") ? 0 : static_cast<int>(dirs.size());
        dirs.insert(at, canonical(r.dir));
        names.insert(at, name);
    }
    if (dirs.isEmpty() || names.first() != QLatin1String("data"))
        return fail(makeError(ErrorCode::Failure, tr("The restore plan names no data directory")));
    const QString data = dirs.first();
    const QString dataNew = data + QLatin1String(kNew);
    const QString journalPath = data + QLatin1String(kJournal);
    const struct passwd *user = ::getpwnam(plan.owner.toLocal8Bit().constData());
    if (!user)
        return fail(makeError(ErrorCode::NotFound, tr("User '%1' does not exist").arg(plan.owner)));
    const uid_t uid = user->pw_uid;
    const gid_t gid = user->pw_gid;

    for (const QString &dir : dirs) {
        if (Status s = makePath(QFileInfo(dir).path()); !s)
            return fail(s.error());
        QDir(dir + QLatin1String(kNew)).removeRecursively();
    }
    QJsonObject journal{{QStringLiteral("step"), QStringLiteral("extracting")},
                        {QStringLiteral("chain"), plan.chainPath},
                        {QStringLiteral("dirs"), QJsonArray::fromStringList(dirs)}};
    if (Status s = writeJournal(journalPath, journal); !s)
        return fail(s.error());
    // Before the swap, any failure only has to drop what it made.
    const auto abandon = [&](Error e) {
        for (const QString &dir : dirs)
            QDir(dir + QLatin1String(kNew)).removeRecursively();
        QFile::remove(journalPath);
        return fail(std::move(e));
    };
    for (const QString &dir : dirs) {
        if (Status s = makePath(dir + QLatin1String(kNew)); !s)
            return abandon(s.error());
    }
    if (!influx) {
        if (Status s = makePath(dataNew + QStringLiteral("/shards")); !s)
            return abandon(s.error());
    }

    // Extract: each planned entry from its link, checked while read and again from disk. A
    // Tidemark file goes to `<data>/<name>`; an InfluxDB meta store to `<meta>/meta.db` and a
    // shard's tar, staged beside, into `<data>/<db>/<rp>/<id>/`.
    const QString incoming = dataNew + QStringLiteral("/.incoming-shard.tar");
    qint64 done = 0;
    std::size_t written = 0;
    for (const QString &linkPath : plan.links) {
        QFile archive(linkPath);
        if (!archive.open(QIODevice::ReadOnly))
            return abandon(makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(linkPath, archive.errorString())));
        ArchiveReader reader([&](char *b, qsizetype n) { return static_cast<qsizetype>(archive.read(b, n)); },
                             linkPath);
        auto manifest = reader.readManifest();
        if (!manifest)
            return abandon(manifest.error());
        // The reader insists on manifest order, so entry k is manifest->files[k].
        for (std::size_t k = 0;; ++k) {
            if (cancelled && cancelled->load())
                return abandon(makeError(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced")));
            const RestorePlan::Write *write = nullptr;
            if (k < manifest->files.size()) {
                for (const RestorePlan::Write &w : plan.writes) {
                    if (w.fromLink == linkPath && w.file == manifest->files[k])
                        write = &w;
                }
            }
            QString target;
            if (write && !influx)
                target = dataNew + QLatin1Char('/') + write->file.name;
            else if (write)
                target =
                    write->file.name == QLatin1String("meta")
                        ? dirs[names.indexOf(QStringLiteral("meta"))] + QLatin1String(kNew) + QStringLiteral("/meta.db")
                        : incoming;
            CheckedFile out(target);
            if (write) {
                if (Status s = out.open(); !s)
                    return abandon(s.error());
            }
            auto file = reader.nextFile([&](const char *bytes, qsizetype size) {
                if (!write)
                    return true;
                done += size;
                if (progress)
                    progress(tr("writing %1").arg(write->file.name), done, plan.bytesToWrite);
                return out.write(bytes, size);
            });
            if (!file) {
                Error e = file.error();
                if (e.code == ErrorCode::Io && write)
                    e.message += out.writeError();
                return abandon(e);
            }
            if (!file.value())
                break;
            if (!write)
                continue;
            if (Status s = out.finish(write->file.checksum); !s)
                return abandon(s.error());
            if (influx && target == incoming) {
                auto shard = ShardTar::extract(incoming, Manifest::shardId(write->file.name), linkPath, dataNew);
                QFile::remove(incoming);
                if (!shard)
                    return abandon(shard.error());
            }
            ++written;
        }
        if (Status s = reader.finish(); !s)
            return abandon(s.error());
    }
    if (written != plan.writes.size())
        return abandon(
            makeError(ErrorCode::Integrity,
                      tr("Only %1 of %2 planned files were found in the chain").arg(written).arg(plan.writes.size())));
    for (const QString &dir : dirs) {
        if (Status s = syncTree(dir + QLatin1String(kNew)); !s)
            return abandon(s.error());
    }
    stopHook("extracted");

    // A Tidemark broker is not in the backup: it is regenerated from the highest index and the config.
    if (!influx) {
        const QString brokerNew = dirs[names.indexOf(QStringLiteral("broker"))] + QLatin1String(kNew);
        if (progress)
            progress(tr("regenerating the broker at index %1").arg(plan.brokerIndex), done, plan.bytesToWrite);
        if (Status s = BrokerStore::create(brokerNew, plan.brokerIndex, plan.brokerUrl); !s)
            return abandon(s.error());
        for (const QString &file :
             QStringList{brokerNew + QStringLiteral("/meta"), brokerNew + QStringLiteral("/raft"), brokerNew}) {
            if (Status s = syncPath(file); !s)
                return abandon(s.error());
        }
        QFile::remove(brokerNew + QStringLiteral("/meta-lock")); // Made by the LMDB open above; the node makes its own.
        stopHook("broker");
    }

    for (const QString &dir : dirs) {
        if (Status s = chownTree(dir + QLatin1String(kNew), uid, gid); !s)
            return abandon(s.error());
    }
    stopHook("chowned");

    // The swap: from here on, a crash is finished by recover(), never rolled back.
    journal.insert(QStringLiteral("step"), QStringLiteral("swapping"));
    if (Status s = writeJournal(journalPath, journal); !s)
        return abandon(s.error());
    for (qsizetype i = 0; i < dirs.size(); ++i) {
        const QString &dir = dirs[i];
        if (progress)
            progress(tr("swapping in %1").arg(dir), done, plan.bytesToWrite);
        if (QFileInfo::exists(dir)) {
            if (Status s = renameDir(dir, dir + QLatin1String(kOld)); !s)
                return fail(s.error());
        }
        if (Status s = renameDir(dir + QLatin1String(kNew), dir); !s)
            return fail(s.error());
        stopHook((names[i] + QStringLiteral("-swapped")).toLatin1().constData());
    }
    // Only now, with the new data in place, does the old go.
    for (const QString &dir : dirs) {
        if (!QDir(dir + QLatin1String(kOld)).removeRecursively())
            return fail(makeError(ErrorCode::Io,
                                  tr("Restored, but cannot remove the old '%1'").arg(dir + QLatin1String(kOld)),
                                  tr("Remove it by hand.")));
    }
    QFile::remove(journalPath);
    (void)syncPath(QFileInfo(journalPath).path());
    return outcome;
}

} // namespace tidemark
