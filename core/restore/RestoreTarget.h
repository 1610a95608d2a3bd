#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "restore/RestoreFiles.h"
#include "restore/RestorePlan.h"
#include "snapshot/Manifest.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace tidemark {

class BackupChain;

/// How a restore writes one kind of node (NodeKind::restoreTarget()): which config it reads,
/// which directories it replaces, how to tell the node runs, and where each entry of the chain
/// goes. RestoreEngine runs the same checklist for every kind and asks its target at each step;
/// the journal, the swap and the owner change are the engine's.
class RestoreTarget {
public:
    virtual ~RestoreTarget() = default;

    struct Directory {
        QString key;  ///< The config key: `[data] dir`.
        QString dir;  ///< As the config names it.
        QString role; ///< `data` (always one: it holds the journal), and the kind's others.
    };
    struct Config {
        std::vector<Directory> dirs;     ///< In the order plans list them.
        std::vector<HostPort> addresses; ///< Where the running node answers (port 0: none).
        QString brokerUrl;               ///< For kinds that regenerate a broker; else empty.
    };
    /// Reads the node's config; the error names the file, line and key.
    [[nodiscard]] virtual Result<Config> loadConfig(const QString &configPath) const = 0;
    /// True when `configPath` is this kind's config (recover() reads either kind).
    [[nodiscard]] virtual bool recognizesConfig(const QString &configPath) const = 0;
    /// True when the node takes a `tidemarkd.lock` in each directory while it runs.
    [[nodiscard]] virtual bool locksDirectories() const = 0;
    /// The fix for "the node is running".
    [[nodiscard]] virtual QString stopFix() const = 0;
    /// Where a directory of config key `key` usually lives (for the fix of a refused directory).
    [[nodiscard]] virtual QString exampleDir(const QString &key) const = 0;

    /// True when preflight must keep the newest link's `meta` entry for planWrites().
    [[nodiscard]] virtual bool needsNewestMeta() const { return false; }
    /// True when the kind's chains may hold block links (archive format 3: a file's changed
    /// blocks, applied to its version before): preflight refuses a chain that holds one otherwise.
    [[nodiscard]] virtual bool takesBlockLinks() const { return false; }
    /// True when the kind's chains may hold reference links (archive format 4: a file as byte
    /// ranges of its version before plus literals; InfluxDB shards): preflight refuses a chain that
    /// holds one otherwise. A target that takes them says in planWrites() how much room rebuilding
    /// them needs beside what it writes (RestorePlan::scratchBytes).
    [[nodiscard]] virtual bool takesRefLinks() const { return false; }
    /// Per file of the chain up to the restored link, its steps (BackupChain::steps).
    using FileSteps = std::map<QString, std::vector<Manifest::Step>>;
    /// Fills plan.writes (which entries of which links become which file: RestorePlan::Write's
    /// steps), plan.bytesToWrite and plan.brokerIndex from the first `linkCount` links of `chain`,
    /// their merged manifest and each file's steps.
    [[nodiscard]] virtual Status planWrites(const BackupChain &chain, size_t linkCount, const Manifest &merged,
                                            const FileSteps &steps, const QByteArray &newestMeta,
                                            RestorePlan &plan) const = 0;
    /// One line for the plan: what else happens ("broker index N, raft config for URL").
    [[nodiscard]] virtual QString planNote(const RestorePlan &plan) const = 0;

    /// `role` → `<dir>.restore-new`: the directories being filled.
    using NewDirs = QHash<QString, QString>;
    /// Makes what the entries need inside the new directories (e.g. `shards/`).
    [[nodiscard]] virtual Status prepare(const NewDirs &dirs) const = 0;
    /// Where one planned entry's bytes go as they stream out of the chain (read once: restore no
    /// longer reads the chain in preflight). The reader checks the entry's size and checksum at
    /// its end; a failure anywhere abandons the restore and drops the new directories, so a sink
    /// may write before its bytes are proven.
    class EntrySink {
    public:
        virtual ~EntrySink() = default;
        /// The next bytes of the entry.
        [[nodiscard]] virtual Status write(const char *bytes, qsizetype size) = 0;
        /// After the last byte, once the reader checked the entry: close, queue read-back checks.
        [[nodiscard]] virtual Status finish() = 0;
    };
    /// Opens the sink of step `step` of `write` (write.steps[step]; 0: its whole copy), an entry of
    /// link `link`; the engine opens the steps of a file in chain order. Files it writes are read
    /// back through `readBack` against the checksum they must have.
    [[nodiscard]] virtual Result<std::unique_ptr<EntrySink>> openEntry(const RestorePlan::Write &write, size_t step,
                                                                       const QString &link, const NewDirs &dirs,
                                                                       restorefs::ReadBack &readBack) const = 0;
    /// A sink for step `step` of `write` as the file `path`: what kinds whose entries are files
    /// use. The whole copy is written as it streams (restorefs::StreamedFile); a block link is
    /// applied to the file staged there by the steps before it, in place (BlockPatchApplier); a
    /// reference link is rebuilt beside it and renamed over it (FileVersionWriter). A file written
    /// from one step is read back against its checksum as it is written; a rebuilt one only once,
    /// after its last block or reference link, against the rebuilt file's checksum (a read-back of
    /// an earlier version would race with the links writing into it).
    [[nodiscard]] static Result<std::unique_ptr<EntrySink>>
    fileSink(const QString &path, const RestorePlan::Write &write, size_t step, restorefs::ReadBack &readBack);
    /// After every entry, before the owner change: e.g. regenerate the broker. `stage` tells the
    /// front end what happens.
    [[nodiscard]] virtual Status finish(const RestorePlan &plan, const NewDirs &dirs,
                                        const std::function<void(const QString &stage)> &stage) const = 0;
};

} // namespace tidemark
