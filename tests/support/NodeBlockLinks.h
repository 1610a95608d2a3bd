#pragma once

#include "snapshot/BackupChain.h"
#include "snapshot/Manifest.h"
#include "store/Lmdb.h"
#include "support/BlockLinks.h"

#include <QDir>
#include <QString>

#include <vector>

/// A link appended to a local chain as tidemarkd would write it with block links, from a stopped
/// node's data directory (`dataDir`: `meta`, `shards/<id>`): every file whose recorded index is
/// above the chain's newest copy of it, as a block link against that copy (BlockLinks), or whole
/// when the chain has none (or `whole`: the same state taken as whole files). For the tests of
/// the readers of block links (ls, export, online restore). Returns how many files it holds
/// (0: nothing changed, no link appended) or the error.
inline tidemark::Result<int> appendNodeBlockLinks(const QString &chainPath, const QString &dataDir, bool whole = false)
{
    using namespace tidemark;
    auto chain = BackupChain::open(chainPath);
    if (!chain)
        return chain.error();
    const Manifest merged = chain->merged();
    std::vector<BlockLinks::File> files;
    QStringList names{QStringLiteral("meta")};
    for (const QString &id : QDir(dataDir + QStringLiteral("/shards")).entryList(QDir::Files))
        names << QStringLiteral("shards/") + id;
    for (const QString &name : names) {
        if (!Manifest::isValidFileName(name))
            continue; // A lock file.
        const QString path = dataDir + u'/' + name;
        auto index = readRecordedIndex(path);
        if (!index)
            return index.error();
        const ManifestFile *inChain = merged.file(name);
        if (inChain && inChain->index >= index.value())
            continue;
        files.push_back({name, path, index.value(), whole || !inChain});
    }
    if (files.empty())
        return 0;
    if (Status s = BlockLinks::append(chainPath, files); !s)
        return s.error();
    return static_cast<int>(files.size());
}
