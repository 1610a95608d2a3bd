#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace tidemark {

/// How a file is stored when its entry holds only the blocks that changed since the chain's
/// previous version of it (a *block link*, format 3; see BlockPatch.h for the entry's bytes).
/// The entry's own `size` and `checksum` (ManifestFile) are those of the stored bytes, as for any
/// entry; these are the file's once rebuilt.
///
/// JSON (in a file's object, after `boundary`): `"blocks":{"blockSize":4096,"base":"…",
/// "fileSize":N,"fileChecksum":"…"}`. A format-3 head lists a block link with its `index` and
/// `blockSize` and `base` only (its stored size and the rebuilt file's size and checksum come in
/// the final manifest).
struct BlockLink {
    static constexpr qint32 kMinBlockSize = 512;
    static constexpr qint32 kMaxBlockSize = 1 << 20;

    qint32 blockSize = 0; ///< 0: not a block link (the entry holds the whole file).
    QString base;         ///< Checksum of the file's version the blocks apply to (the chain's previous one).
    qint64 fileSize = -1; ///< Of the rebuilt file; -1 in a head.
    QString fileChecksum; ///< Of the rebuilt file; empty in a head.

    friend bool operator==(const BlockLink &, const BlockLink &) = default;
};

/// How a file is stored when its entry holds it as references to byte ranges of the chain's
/// previous version of it plus the bytes that version lacks (a *reference link*, format 4; see
/// RefPatch.h for the entry's bytes): InfluxDB shards, whose compactions move TSM blocks to new
/// offsets. As for a block link, the entry's own `size` and `checksum` are those of the stored
/// bytes; these are the file's once rebuilt.
///
/// JSON (in a file's object, after `boundary`): `"refs":{"base":"…","fileSize":N,"fileChecksum":"…"}`.
/// A head lists a reference link by name and `base` only (its size, index, and the rebuilt file's
/// size and checksum come in the final manifest: InfluxDB shards stream in parts).
struct RefLink {
    QString base;         ///< Checksum of the file's version the references point into; empty: not a reference link.
    qint64 fileSize = -1; ///< Of the rebuilt file; -1 in a head.
    QString fileChecksum; ///< Of the rebuilt file; empty in a head.

    friend bool operator==(const RefLink &, const RefLink &) = default;
};

/// One file of a snapshot: `meta` or `shards/<id>`.
struct ManifestFile {
    /// The size of a file whose head entry could not say it (see Manifest, format 2).
    static constexpr qint64 kUnknownSize = -1;

    QString name;
    qint64 size = 0;   ///< kUnknownSize only in a format-2 head (then `index` is 0 too).
    quint64 index = 0; ///< Highest index applied to the file at the time of its copy.
    /// XXH3-128 hex of the file's bytes (see Checksum.h). Empty in the head manifest of a
    /// format-2 archive, whose checksums come in its final manifest (see Manifest::format).
    QString checksum;
    /// InfluxDB 1.x shards only: `name:size` of the shard's files modified in the second of
    /// `index`, which the node sends again next time (see InfluxBackup). JSON key `boundary`,
    /// written only when not empty.
    QStringList boundary = {};
    /// Set (blockSize > 0) when the entry holds only changed blocks of the file (format 3).
    BlockLink blocks = {};

    /// Set (base not empty) when the entry holds references into the previous version (format 4).
    RefLink refs = {};

    /// Whether the entry holds changed blocks, not the whole file.
    [[nodiscard]] bool isBlockLink() const { return blocks.blockSize > 0; }
    /// Whether the entry holds references into the previous version, not the whole file.
    [[nodiscard]] bool isRefLink() const { return !refs.base.isEmpty(); }
    /// Whether the entry needs the chain's previous version of the file (a block or reference link).
    [[nodiscard]] bool isDelta() const { return isBlockLink() || isRefLink(); }
    /// The checksum of the version a block or reference link applies to (empty for a whole copy).
    [[nodiscard]] const QString &deltaBase() const { return isBlockLink() ? blocks.base : refs.base; }
    /// The file's size once written: `size`, or for a block or reference link the rebuilt file's.
    [[nodiscard]] qint64 fileSize() const
    {
        return isBlockLink() ? blocks.fileSize : isRefLink() ? refs.fileSize : size;
    }
    /// The file's checksum: `checksum`, or for a block or reference link the rebuilt file's.
    [[nodiscard]] const QString &fileChecksum() const
    {
        return isBlockLink() ? blocks.fileChecksum : isRefLink() ? refs.fileChecksum : checksum;
    }

    friend bool operator==(const ManifestFile &, const ManifestFile &) = default;
};

/// The first entry of every snapshot archive (JSON), and the merged view of a chain.
///
/// JSON shape (keys in this order, `files` in archive order):
/// @code
/// {"format":1,"nodeId":1,"clusterUrl":"http://127.0.0.1:8086","created":"2026-11-24T23:00:00.000Z",
///  "chainId":"6f1c…","incremental":false,"index":42,"checksum":"xxh3-128",
///  "files":[{"name":"meta","size":8192,"index":42,"checksum":"…"},
///           {"name":"shards/1","size":65536,"index":40,"checksum":"…"}],"seal":"…"}
/// @endcode
/// `chainId` is chosen by the full snapshot and repeated by each incremental of its chain.
///
/// Two formats, read alike:
/// - **1, checksums first**: the head `manifest` entry carries every file's checksum, so its
///   writer read every file before sending the first byte (Tidemark nodes before the
///   staging-free snapshot; InfluxDB 1.x links from before the client streamed shards).
/// - **2, checksums last**: the head lists each file's name, size and index but no checksum;
///   the archive ends with the entry `manifest.final`, the same manifest with every checksum,
///   sealed. A node streaming from LMDB read views knows each file's exact size before it sends
///   it, but the checksum only after: the head still comes first (readers plan from it, as in
///   the seed), and the final manifest seals what came.
///   A file whose size is not known when the head is written (an InfluxDB 1.x shard, which
///   influxd streams as a tar of unknown length) is listed in the head by name only (no `size`,
///   no `index`: ManifestFile::kUnknownSize and 0 here) and comes as one or more consecutive tar
///   entries of its name, each of a known size, whose concatenation is the file; its size, index
///   and checksum are in the final manifest.
/// `index` is the node's index when the snapshot began (≥ every file's index).
///
/// Snapshots of an InfluxDB 1.x node carry `"kind":"influxdb1"` right after `format` (absent means
/// a Tidemark node). There `meta` is the node's meta store blob (its `meta.db`), each
/// `shards/<id>` is the tar the node streamed for that shard (entries `db/rp/id/file`; always the
/// whole shard: an incremental holds only the shards that changed), the manifest's `index` and
/// `meta`'s are the link's start time and a shard's is the newest modification time of its files
/// in the chain (the node's clock), all in milliseconds since the epoch: the next incremental
/// asks each shard for what changed since then (see InfluxBackup).
struct Manifest {
    Q_DECLARE_TR_FUNCTIONS(Manifest)

public:
    static constexpr int kFormatChecksumsFirst = 1;
    static constexpr int kFormatChecksumsLast = 2;
    /// Format 2 that may hold block links (BlockLink): written only by a link that has one, so
    /// readers that know formats 1 and 2 refuse it as "unknown format 3", not as damaged.
    static constexpr int kFormatBlockLinks = 3;
    /// Format 3 that may hold reference links (RefLink): written only by a link that has one, so
    /// readers that know formats 1 to 3 refuse it as "unknown format 4".
    static constexpr int kFormatRefLinks = 4;
    static constexpr int kNewestFormat = kFormatRefLinks;
    /// The entry that ends a format-2 archive.
    static constexpr const char *kFinalEntry = "manifest.final";
    static constexpr qsizetype kMaxJsonBytes = 16 * 1024 * 1024;

    /// The kind of node a snapshot comes from; it decides what the files hold.
    enum class Kind { Tidemark, InfluxDb1 };

    int format = kFormatChecksumsFirst;
    Kind kind = Kind::Tidemark;
    quint64 nodeId = 0;
    QString clusterUrl;
    QDateTime created; ///< UTC, millisecond precision.
    QString chainId;
    bool incremental = false;
    quint64 index = 0;
    std::vector<ManifestFile> files; ///< `meta` first, then `shards/<id>` in name order.

    /// Whether fromJson() insists on a `seal`: archives always carry one (every writer uses
    /// toJson()); a merged manifest sent over the protocol may come without.
    enum class Seal { Optional, Required };

    /// The JSON, sealed: its last key `seal` is the XXH3-128 (hex) of the same JSON without it.
    [[nodiscard]] QByteArray toJson() const;
    /// Parses and validates: known format (1 or 2), valid names (`meta` or `shards/<digits>`), no duplicate
    /// names, sizes ≥ 0, checksums of the right form (required by format 1, optional in format 2), at most
    /// kMaxJsonBytes. When a `seal` is
    /// present the bytes must be exactly what toJson() writes for the values read, so any change
    /// to a sealed manifest is refused. Errors are ErrorCode::Integrity and name `source` (a file
    /// path or "the node").
    [[nodiscard]] static Result<Manifest> fromJson(QByteArrayView json, const QString &source,
                                                   Seal seal = Seal::Optional);

    /// The entry named `name`, or nullptr.
    [[nodiscard]] const ManifestFile *file(const QString &name) const;
    [[nodiscard]] qint64 totalBytes() const;
    /// Sorts `files` into archive order (`meta` first, then by name).
    void sortFiles();

    /// The merged manifest of a chain (full snapshot first): per file name the entry with the
    /// highest index (on a tie the later link's), taking node id, cluster URL, chain id, created
    /// time and index from the last link. `incremental` is false; `format` is the newest of the
    /// links' (a file of a format-2 link may come without its checksum).
    [[nodiscard]] static Manifest merge(const std::vector<Manifest> &chain);

    /// True for `meta` and `shards/<decimal id>` (no leading zeros, no other characters).
    [[nodiscard]] static bool isValidFileName(const QString &name);
    /// The id of a `shards/<id>` name; 0 for `meta`.
    [[nodiscard]] static quint64 shardId(const QString &name);
    /// Whether every file carries a checksum.
    [[nodiscard]] bool hasChecksums() const;
    /// Formats 2 and 3: checksums in the final manifest, not the head.
    [[nodiscard]] bool checksumsLast() const { return format >= kFormatChecksumsLast; }
    /// Whether any file is a block link.
    [[nodiscard]] bool hasBlockLinks() const;
    /// Whether any file is a reference link.
    [[nodiscard]] bool hasRefLinks() const;
    /// Whether any file is a block or reference link (needs an earlier version to be rebuilt).
    [[nodiscard]] bool hasDeltas() const { return hasBlockLinks() || hasRefLinks(); }

    /// The files as they are once rebuilt (for a block or reference link: the file's size and
    /// checksum, no `blocks` or `refs`), in format 2 (or 1 when it was): what a node is told the chain holds, which a
    /// node that does not know block links reads too.
    [[nodiscard]] Manifest asState() const;

    /// One version of a file in a chain: the link (position in the chain) and its entry.
    struct Step {
        size_t link = 0;
        ManifestFile file;
    };
    /// How each file of the merged manifest of `chain` (complete manifests: the final ones of
    /// format-2/3/4 links, whose block and reference links carry their base and the rebuilt
    /// checksum) is written: the newest whole copy (Manifest::merge's rule) followed by every block
    /// or reference link after it, each applying to the version before it. Integrity error, naming
    /// the link and file, when such a link has no version before it in the chain or its base is
    /// not the version before it.
    /// `names`: the links' paths, for messages.
    [[nodiscard]] static Result<std::map<QString, std::vector<Step>>> steps(const std::vector<Manifest> &chain,
                                                                            const QStringList &names);
    /// Whether every file's size is known (false only for a format-2 head; see above).
    [[nodiscard]] bool hasSizes() const;

    /// "tidemark" or "influxdb1", as written in the JSON.
    [[nodiscard]] static QString kindName(Kind kind);

private:
    [[nodiscard]] QByteArray unsealedJson() const;
};

} // namespace tidemark
