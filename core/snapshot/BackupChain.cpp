#include "snapshot/BackupChain.h"

#include "snapshot/ArchiveReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace tidemark {

namespace {

// The N of `BASE.N`, or -1 when `suffix` is not a plain decimal (so `snap.01` and `snap.old` are
// not links, just other files).
int linkNumber(QStringView suffix)
{
    if (suffix.isEmpty() || (suffix.size() > 1 && suffix.front() == QLatin1Char('0')))
        return -1;
    if (!std::all_of(suffix.begin(), suffix.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }))
        return -1;
    bool ok = false;
    const int n = suffix.toInt(&ok);
    return ok ? n : -1;
}

QString linkPath(const QString &path, int number)
{
    return path + QLatin1Char('.') + QString::number(number);
}

struct DirScan {
    std::vector<int> numbers; ///< Incremental numbers found, sorted.
    QStringList leftovers;
};

DirScan scanDirectory(const QString &path)
{
    const QFileInfo info(path);
    const QString prefix = info.fileName() + QLatin1Char('.');
    DirScan scan;
    const QDir dir = info.absoluteDir();
    const QStringList names = dir.entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    for (const QString &name : names) {
        if (!name.startsWith(prefix))
            continue;
        if (name.endsWith(QLatin1String(".tmp"))) {
            scan.leftovers << QFileInfo(QDir(info.path()), name).filePath();
            continue;
        }
        const int n = linkNumber(QStringView(name).sliced(prefix.size()));
        if (n >= 0)
            scan.numbers.push_back(n);
    }
    std::sort(scan.numbers.begin(), scan.numbers.end());
    return scan;
}

Error chainError(const QString &message, const QString &hint)
{
    return makeError(ErrorCode::Integrity, message, hint);
}

} // namespace

Result<BackupChain> BackupChain::open(const QString &path)
{
    BackupChain chain;
    chain.m_path = QDir::cleanPath(path);
    const QString &full = chain.m_path;
    const DirScan scan = scanDirectory(full);
    chain.m_leftovers = scan.leftovers;

    const QFileInfo fullInfo(full);
    if (!fullInfo.exists()) {
        if (scan.numbers.empty())
            return chain;
        return chainError(
            tr("Backup chain '%1' is broken: '%2' exists but the full snapshot '%1' is missing")
                .arg(full, linkPath(full, scan.numbers.front())),
            tr("Restore the full snapshot to '%1', or move the incrementals aside to start a new chain.").arg(full));
    }
    if (!fullInfo.isFile())
        return makeError(ErrorCode::Io, tr("Backup chain '%1' is not a file.").arg(full),
                         tr("Give the path of the full snapshot file, not a directory."));

    // A gap means an incremental is lost; later ones cannot be applied without it.
    for (size_t i = 0; i < scan.numbers.size(); ++i) {
        const int expected = static_cast<int>(i);
        if (scan.numbers[i] != expected)
            return chainError(tr("Backup chain '%1' is broken: '%2' exists but '%3' is missing")
                                  .arg(full, linkPath(full, scan.numbers[i]), linkPath(full, expected)),
                              tr("Put '%1' back, or move '%2' and the later incrementals aside; "
                                 "the links before the gap are still usable.")
                                  .arg(linkPath(full, expected), linkPath(full, scan.numbers[i])));
    }

    auto fullManifest = readManifest(full);
    if (!fullManifest)
        return fullManifest.error();
    if (fullManifest->incremental)
        return chainError(tr("Backup chain '%1' is broken: '%1' is an incremental snapshot, not a full one").arg(full),
                          tr("A chain starts with a full snapshot; move '%1' aside and take a full backup.").arg(full));
    chain.m_links.push_back(Link{full, fullManifest.takeValue(), fullInfo.size()});

    for (const int n : scan.numbers) {
        const QString linkFile = linkPath(full, n);
        auto manifest = readManifest(linkFile);
        if (!manifest)
            return manifest.error();
        if (!manifest->incremental)
            return chainError(tr("Backup chain '%1' is broken: '%2' is a full snapshot, but only '%1' may be one")
                                  .arg(full, linkFile),
                              tr("Move '%1' aside (it may be the start of another chain).").arg(linkFile));
        const QString &chainId = chain.m_links.front().manifest.chainId;
        if (manifest->chainId != chainId)
            return chainError(
                tr("Backup chain '%1' is broken: '%2' belongs to chain %3, but '%1' starts chain %4")
                    .arg(full, linkFile, manifest->chainId, chainId),
                tr("'%1' comes from another chain; move it and any later incrementals aside.").arg(linkFile));
        const Manifest::Kind kind = chain.m_links.front().manifest.kind;
        if (manifest->kind != kind)
            return chainError(
                tr("Backup chain '%1' is broken: '%2' is a snapshot of a %3 node, but '%1' is of a %4 node")
                    .arg(full, linkFile, Manifest::kindName(manifest->kind), Manifest::kindName(kind)),
                tr("'%1' comes from another chain; move it and any later incrementals aside.").arg(linkFile));
        chain.m_links.push_back(Link{linkFile, manifest.takeValue(), QFileInfo(linkFile).size()});
    }
    return chain;
}

QString BackupChain::nextPath() const
{
    if (m_links.empty())
        return m_path;
    return linkPath(m_path, static_cast<int>(m_links.size()) - 1);
}

Manifest BackupChain::merged() const
{
    if (m_links.empty())
        return {};
    return mergedUpTo(static_cast<int>(m_links.size()) - 2).value();
}

Result<Manifest> BackupChain::mergedUpTo(int upto) const
{
    if (m_links.empty())
        return makeError(ErrorCode::NotFound,
                         tr("Backup chain '%1' is empty: there is nothing to restore.").arg(m_path),
                         tr("Check the path, or take a full backup first."));
    const int newest = static_cast<int>(m_links.size()) - 2;
    if (upto < -1 || upto > newest) {
        const QString range = newest < 0 ? tr("only -1 (the full snapshot) is possible")
                                         : tr("choose -1 (the full snapshot only) up to %1").arg(newest);
        return makeError(ErrorCode::NotFound, tr("Backup chain '%1' has no incremental %2.").arg(m_path).arg(upto),
                         tr("The chain has %n incremental(s); %1.", nullptr, newest + 1).arg(range));
    }
    std::vector<Manifest> manifests;
    for (int i = 0; i <= upto + 1; ++i)
        manifests.push_back(m_links[static_cast<size_t>(i)].manifest);
    return Manifest::merge(manifests);
}

Result<Manifest> BackupChain::readManifest(const QString &archivePath)
{
    QFile file(archivePath);
    if (!file.open(QIODevice::ReadOnly)) {
        const ErrorCode code = file.exists() ? ErrorCode::Io : ErrorCode::NotFound;
        return makeError(code, tr("Cannot open backup '%1': %2").arg(archivePath, file.errorString()));
    }
    ArchiveReader *reader = nullptr;
    ArchiveReader archive(
        [&](char *buffer, qsizetype capacity) -> qsizetype {
            const qint64 n = file.read(buffer, capacity);
            if (n < 0)
                reader->setSourceError(makeError(
                    ErrorCode::Io, tr("Reading backup '%1' failed: %2").arg(archivePath, file.errorString())));
            return static_cast<qsizetype>(n);
        },
        archivePath);
    reader = &archive;
    return archive.readManifest();
}

} // namespace tidemark
