#pragma once

#include "kinds/ConnectionSettings.h"
#include "snapshot/Manifest.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tidemark::ui {

/// One node the operator watches: where its snapshot service is, and where its backups go.
struct NodeEntry {
    QString id; ///< Stable key in the settings (a UUID).
    QString name;
    QString host;                                   ///< HOST:PORT of the snapshot service.
    QStringList locations;                          ///< Backup chains (full snapshot paths) of this node, newest last.
    int staleHours = 24;                            ///< Warn when the last backup is older than this.
    Manifest::Kind kind = Manifest::Kind::Tidemark; ///< Settings without a kind: Tidemark.
    QStringList databases{};                        ///< InfluxDB 1.x only: the databases to back up (empty: all).
    /// Tidemark nodes only: TLS to the snapshot service; an empty caFile trusts the system's CAs.
    TlsSettings tls{};
    int retries = 0; ///< Backups: attempts after a lost connection (waits of 1 s, 2 s, 4 s …).
    static constexpr int kMaxRetries = 10;
};

/// The nodes list, kept in QSettings (group `nodes`; TLS and retries included). Auth tokens are kept apart from the
/// settings in `tidemark-tokens.ini` beside the settings file, created with mode 0600 and marked
/// as secret in its first line (QtKeychain is not used). Small files: read and written on the
/// GUI thread at load and on edits only.
class NodeStore : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(NodeStore)

public:
    explicit NodeStore(QObject *parent = nullptr);

    [[nodiscard]] const std::vector<NodeEntry> &nodes() const { return m_nodes; }
    /// The node with `id`, or nullptr.
    [[nodiscard]] const NodeEntry *node(const QString &id) const;

    /// Adds (empty id: a new id is chosen and returned) or replaces a node.
    QString save(NodeEntry entry);
    void remove(const QString &id);
    void addLocation(const QString &id, const QString &path);
    void removeLocation(const QString &id, const QString &path);

    [[nodiscard]] QByteArray token(const QString &id) const;
    /// How to reach node `id`, as every job and probe takes it (what its kind uses: token, TLS,
    /// databases); nullopt when there is no such node or its host does not parse.
    [[nodiscard]] std::optional<ConnectionSettings> settings(const QString &id) const;
    void setToken(const QString &id, const QByteArray &token);
    /// Path of the 0600 token file.
    [[nodiscard]] static QString tokenFilePath();

Q_SIGNALS:
    void nodesChanged();

private:
    void load();
    void store() const;

    std::vector<NodeEntry> m_nodes;
};

} // namespace tidemark::ui
