#include "snapshot/BackupChain.h"

#include "crypto/LinkCipher.h"
#include "snapshot/ArchiveReader.h"
#include "storage/EncryptedChainStore.h"

#include <QDir>
#include <QFile>
#include <QtEndian>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace tidemark {

namespace {

Error chainError(const QString &message, const QString &hint)
{
    return makeError(ErrorCode::Integrity, message, hint);
}

} // namespace

Result<BackupChain> BackupChain::open(const QString &path)
{
    return open(std::shared_ptr<ChainStore>(ChainStore::open(path)));
}

bool BackupChain::isEncrypted() const
{
    return m_store && EncryptedChainStore::isEncrypted(*m_store);
}

Result<std::shared_ptr<ChainStore>> BackupChain::openStore(const QString &location)
{
    return EncryptedChainStore::open(std::shared_ptr<ChainStore>(ChainStore::open(location)));
}

Result<BackupChain> BackupChain::open(std::shared_ptr<ChainStore> store)
{
    BackupChain chain;
    auto opened = EncryptedChainStore::open(std::move(store)); // An encrypted chain's links are decrypted.
    if (!opened)
        return opened.error();
    chain.m_store = opened.takeValue();
    chain.m_path = chain.m_store->path();
    const QString &full = chain.m_path;
    chain.m_store->removeDeadScratch(); // What a killed verify left beside the chain.
    auto listing = chain.m_store->list();
    if (!listing)
        return listing.error();
    chain.m_leftovers = listing->leftovers;
    const auto &entries = listing->links;
    const auto linkPath = [&](int n) { return chain.m_store->linkPath(n); };

    if (entries.empty())
        return chain;
    if (entries.front().number != -1)
        return chainError(
            tr("Backup chain '%1' is broken: '%2' exists but the full snapshot '%1' is missing")
                .arg(full, linkPath(entries.front().number)),
            tr("Restore the full snapshot to '%1', or move the incrementals aside to start a new chain.").arg(full));

    // A gap means an incremental is lost; later ones cannot be applied without it.
    for (size_t i = 1; i < entries.size(); ++i) {
        const int expected = static_cast<int>(i) - 1;
        if (entries[i].number != expected)
            return chainError(tr("Backup chain '%1' is broken: '%2' exists but '%3' is missing")
                                  .arg(full, linkPath(entries[i].number), linkPath(expected)),
                              tr("Put '%1' back, or move '%2' and the later incrementals aside; "
                                 "the links before the gap are still usable.")
                                  .arg(linkPath(expected), linkPath(entries[i].number)));
    }

    const bool encrypted = EncryptedChainStore::isEncrypted(*chain.m_store);
    const auto manifestOf = [&](int n) -> Result<Manifest> {
        auto device = chain.m_store->openLink(n);
        if (!device)
            return device.error();
        auto manifest = readManifest(*device.value(), linkPath(n));
        // An encrypted link in a chain without keys: say so rather than "not an archive".
        if (!manifest && !encrypted && device.value()->seek(0) &&
            LinkCipher::isEncrypted(device.value()->read(LinkCipher::kHeaderBytes)))
            return makeError(ErrorCode::Integrity,
                             tr("'%1' is encrypted, but the chain '%2' has no key file '%3'")
                                 .arg(linkPath(n), full, chain.m_store->sidecarPath(EncryptedChainStore::kKeysSidecar)),
                             n == -1 ? tr("Put the chain's key file back from a copy of the chain; without it no link "
                                          "can be read.")
                                     : tr("A chain is encrypted from its full snapshot on; '%1' does not belong to "
                                          "this plain chain: move it aside.")
                                           .arg(linkPath(n)));
        return manifest;
    };
    auto fullManifest = manifestOf(-1);
    if (!fullManifest)
        return fullManifest.error();
    if (fullManifest->incremental)
        return chainError(tr("Backup chain '%1' is broken: '%1' is an incremental snapshot, not a full one").arg(full),
                          tr("A chain starts with a full snapshot; move '%1' aside and take a full backup.").arg(full));
    chain.m_links.push_back(Link{full, fullManifest.takeValue(), entries.front().bytes, -1});

    for (size_t i = 1; i < entries.size(); ++i) {
        const int n = entries[i].number;
        const QString linkFile = linkPath(n);
        auto manifest = manifestOf(n);
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
        chain.m_links.push_back(Link{linkFile, manifest.takeValue(), entries[i].bytes, n});
    }
    return chain;
}

QString BackupChain::nextPath() const
{
    return m_store->linkPath(nextNumber());
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

std::map<QString, size_t> BackupChain::newestCopies(int upto) const
{
    std::map<QString, size_t> owner;
    std::map<QString, quint64> ownerIndex;
    const size_t taken = std::min(m_links.size(), static_cast<size_t>(std::max(upto + 2, 0)));
    for (size_t i = 0; i < taken; ++i) {
        for (const ManifestFile &f : m_links[i].manifest.files) {
            const auto it = ownerIndex.find(f.name);
            if (it == ownerIndex.end() || f.index >= it->second) {
                ownerIndex[f.name] = f.index;
                owner[f.name] = i;
            }
        }
    }
    return owner;
}

bool BackupChain::hasBlockLinks(int upto) const
{
    const size_t taken = std::min(m_links.size(), static_cast<size_t>(std::max(upto + 2, 0)));
    return std::any_of(m_links.begin(), m_links.begin() + static_cast<std::ptrdiff_t>(taken),
                       [](const Link &l) { return l.manifest.hasBlockLinks(); });
}

bool BackupChain::hasRefLinks(int upto) const
{
    const size_t taken = std::min(m_links.size(), static_cast<size_t>(std::max(upto + 2, 0)));
    return std::any_of(m_links.begin(), m_links.begin() + static_cast<std::ptrdiff_t>(taken),
                       [](const Link &l) { return l.manifest.hasRefLinks(); });
}

Result<std::map<QString, std::vector<Manifest::Step>>> BackupChain::steps(int upto) const
{
    const size_t taken = std::min(m_links.size(), static_cast<size_t>(std::max(upto + 2, 0)));
    // The files some block or reference link applies to: their versions' checksums are compared.
    QSet<QString> patched;
    for (size_t i = 0; i < taken; ++i) {
        for (const ManifestFile &f : m_links[i].manifest.files) {
            if (f.isDelta())
                patched.insert(f.name);
        }
    }
    std::vector<Manifest> manifests;
    QStringList names;
    for (size_t i = 0; i < taken; ++i) {
        const Link &link = m_links[i];
        names << link.path;
        const bool holdsBase =
            std::any_of(link.manifest.files.begin(), link.manifest.files.end(),
                        [&](const ManifestFile &f) { return f.checksum.isEmpty() && patched.contains(f.name); });
        if (!holdsBase) {
            manifests.push_back(link.manifest);
            continue;
        }
        auto final = finalManifest(link);
        if (!final)
            return final.error();
        manifests.push_back(final.takeValue());
    }
    return Manifest::steps(manifests, names);
}

bool BackupChain::isZstd(QByteArrayView firstBytes)
{
    constexpr quint32 kZstdMagic = 0xFD2FB528;
    return firstBytes.size() >= 4 && qFromLittleEndian<quint32>(firstBytes.data()) == kZstdMagic;
}

bool BackupChain::isCompressed(const Link &link) const
{
    auto device = openLink(link);
    return device && isZstd(device.value()->read(4));
}

Result<Manifest> BackupChain::readManifest(QIODevice &archive, const QString &name)
{
    ArchiveReader reader(archive, name);
    auto head = reader.readManifest();
    // A head that lists files by name only (format 2: an InfluxDB node's shards) leaves their
    // sizes and indexes to the final manifest, which a chain needs: read it from the end.
    if (!head || head->hasSizes())
        return head;
    if (archive.isSequential())
        return makeError(ErrorCode::Failure,
                         tr("Cannot read the final manifest of '%1': the link cannot be read from its end").arg(name));
    return ArchiveReader::readFinalManifest(archive, name);
}

Result<Manifest> BackupChain::finalManifest(const Link &link) const
{
    return finalManifest(*m_store, link.number, link.path);
}

Result<Manifest> BackupChain::finalManifest(const ChainStore &store, int number, const QString &path)
{
    auto device = store.openLink(number);
    if (!device)
        return device.error();
    if (!device.value()->isSequential())
        return ArchiveReader::readFinalManifest(*device.value(), path);
    // Only as a stream: read it through once, every checksum checked.
    ArchiveReader reader(*device.value(), path);
    if (auto head = reader.readManifest(); !head)
        return head.error();
    if (Status s = reader.readToEnd(); !s)
        return s.error();
    return reader.manifest();
}

Result<Manifest> BackupChain::readManifest(const QString &archivePath)
{
    QFile file(archivePath);
    if (!file.open(QIODevice::ReadOnly)) {
        const ErrorCode code = file.exists() ? ErrorCode::Io : ErrorCode::NotFound;
        return makeError(code, tr("Cannot open backup '%1': %2").arg(archivePath, file.errorString()));
    }
    return readManifest(file, archivePath);
}

} // namespace tidemark
