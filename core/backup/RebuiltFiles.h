#pragma once

#include "common/Error.h"
#include "snapshot/FileRebuild.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>

#include <map>
#include <optional>

namespace tidemark {

/// Files of a chain as its links are read forward, kept in a local directory (a scratch): each
/// version of a file either replaces the kept one (a whole copy) or is applied over it (a block
/// link, BlockPatchApplier), and a rebuilt file is compared with the block link's `fileChecksum`.
/// For readers that read each link once, in chain order (verify, consolidate); one file per name,
/// so the space needed is the files kept at once, and memory does not grow with their size.
///
/// Use: begin() an entry, write() its bytes as the ArchiveReader hands them over, end() once the
/// reader returned the entry (so its stored bytes were checked); then path() is the file as it
/// is after that version.
class RebuiltFiles {
    Q_DECLARE_TR_FUNCTIONS(RebuiltFiles)

public:
    explicit RebuiltFiles(QString directory);
    ~RebuiltFiles();
    RebuiltFiles(const RebuiltFiles &) = delete;
    RebuiltFiles &operator=(const RebuiltFiles &) = delete;

    /// Starts version `file` (a complete manifest's entry, with its checksums) of its name;
    /// `where` names it in messages (e.g. "'shards/3' in PATH.4"). A block link needs the version
    /// its `base` names kept here (Integrity error otherwise).
    [[nodiscard]] Status begin(const ManifestFile &file, const QString &where);
    /// The entry's next bytes; false on failure (error() says why).
    [[nodiscard]] bool write(const char *data, qsizetype size);
    /// After the entry's last bytes: a block link's end record and size, then the rebuilt file's
    /// checksum against `fileChecksum`.
    [[nodiscard]] Status end();
    /// Drops an entry begun but not ended (the reader failed).
    void abort();
    /// Why write() failed.
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }

    /// Where the file of `name` is kept.
    [[nodiscard]] QString path(const QString &name) const;
    /// Whether a version of `name` is kept, and the checksum of that version.
    [[nodiscard]] bool has(const QString &name) const { return m_kept.count(name) != 0; }
    [[nodiscard]] QString checksum(const QString &name) const;
    /// Removes the kept file of `name` (no later block link applies to it).
    void remove(const QString &name);

private:
    QString m_directory;
    std::map<QString, QString> m_kept; ///< Name → checksum of the version kept.
    int m_fd = -1;
    ManifestFile m_file;
    QString m_where;
    std::optional<FileVersionWriter> m_writer;
    std::optional<Error> m_error;
};

} // namespace tidemark
