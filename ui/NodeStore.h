#pragma once

#include "crypto/ChainKeys.h"
#include "kinds/ConnectionSettings.h"
#include "retention/RetentionPolicy.h"
#include "snapshot/Manifest.h"

#include "Keyring.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
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
    /// Which of its backups to keep (RetentionDialog, "Save as this node's policy"); empty: none saved.
    RetentionPolicy retention{};
    /// After each backup that wrote a link, prune the chain's location with `retention`, this
    /// node's chains only (JobLauncher; never with an empty policy).
    bool pruneAfterBackup = false;
    /// BackupJob::Options::maxLinks (0: none): the location names a series of chains, each rolled
    /// onto a synthetic full once it holds this many links (incremental forever).
    int maxLinks = 0;
    static constexpr int kMaxMaxLinks = 10000;
};

/// An S3 location's settings besides its URL `s3://BUCKET/KEY`: they go to S3Settings as the
/// location's overrides. The secret key is not among them: it is in the keyring (or the token
/// file, or nowhere), as `secretIn` says.
struct S3Location {
    QString endpoint; ///< scheme://host[:port]; empty: AWS (or AWS_ENDPOINT_URL …).
    QString region;   ///< Empty: AWS_REGION, the profile's, us-east-1.
    bool pathStyle = false;
    QString accessKey; ///< Empty: the keys of the AWS environment or profile.
    enum class Secret {
        None,    ///< Not kept: the AWS environment or profile give the keys after a restart.
        Keyring, ///< In the system keyring (Keyring, service "tidemark").
        File,    ///< In the 0600 token file (where no keyring runs, when the user chose it).
    };
    Secret secretIn = Secret::None;
    bool operator==(const S3Location &) const = default;
};

/// The nodes list, kept in QSettings (group `nodes`; TLS, retries, the retention policy as
/// RetentionPolicy::toJson() in `retention`, `pruneAfterBackup` and `maxLinks` included; settings
/// written before those keys load as no policy and no limit). Auth tokens are
/// kept apart from the settings: in the system keyring (Keyring, key `node-token ID`) where one
/// runs, else in `tidemark-tokens.ini` beside the settings file, created with mode 0600 and
/// marked as secret in its first line. At start the keyring is checked (tokenStorage() is
/// Checking until then, tokenStorageKnown() follows): tokens found in the file then move into the
/// keyring (each leaves the file once the keyring wrote it), and tokens kept in the keyring are
/// read (isReadingToken() until tokenReady()). Which node's token is in the keyring is in the
/// settings (`tokensInKeyring`, ids only). Small files: read and written on the GUI thread at
/// load and on edits only.
///
/// S3 locations (`s3://BUCKET/KEY`) keep their endpoint, region, addressing and access key id in
/// the settings (group `s3Locations`) and their secret key in the system keyring (Keyring), or,
/// where none runs and the user chose so, in the token file. Each is registered with
/// S3Settings::setOverrides(…, location) at load and when added; while its secret is being read
/// from the keyring, isReadingKeyring() is true and no job may use it; locationReady() follows.
/// A location no node lists any more loses its settings and its secret.
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
    /// Keeps `policy` as node `id`'s retention policy, applied after each backup when
    /// `pruneAfterBackup` (an empty policy never is).
    void setRetention(const QString &id, const RetentionPolicy &policy, bool pruneAfterBackup);

    /// The settings of S3 location `location`, or nullopt (not an S3 location added here).
    [[nodiscard]] std::optional<S3Location> s3Location(const QString &location) const;
    /// Adds S3 location `location` (canonical, ChainStore::canonicalLocation) to node `id`, or
    /// replaces its settings: keeps `settings`, and `secret` where `settings.secretIn` says (a
    /// keyring write that fails keeps the secret for this session only and says so through
    /// keyringProblem()), and registers both with S3Settings at once.
    void addS3Location(const QString &id, const QString &location, S3Location settings, const QString &secret);
    /// The secret key of S3 location `location` as registered for this session (empty: none).
    [[nodiscard]] QString s3Secret(const QString &location) const;
    /// Registers `location`'s settings and secret with S3Settings again (none: removes them);
    /// after a test connection set others for a moment.
    void registerS3Location(const QString &location) const;
    /// Registers the settings and secret of S3 chain `location` for the prefix that holds it
    /// (ChainLocation::locationOf) too, so that its catalog and a prune there read that prefix with
    /// them (a chain there that is a location of its own keeps its own); nothing for a local chain.
    void registerS3Folder(const QString &location) const;
    /// Whether the secret key of S3 location `location` is still being read from the keyring:
    /// until locationReady(), no job may use the location.
    [[nodiscard]] bool isReadingKeyring(const QString &location) const { return m_readingKeyring.contains(location); }

    /// Node `id`'s auth token (empty: none, or still being read from the keyring).
    [[nodiscard]] QByteArray token(const QString &id) const { return m_tokens.value(id); }
    /// Where node auth tokens are kept.
    enum class TokenStorage {
        Checking, ///< The keyring has not answered yet (tokens set meanwhile go to the file first).
        Keyring,  ///< The system keyring.
        File,     ///< No keyring runs: the 0600 token file.
    };
    [[nodiscard]] TokenStorage tokenStorage() const { return m_tokenStorage; }
    /// tokenStorage() in one sentence for the node dialog.
    [[nodiscard]] QString tokenStorageText() const;
    /// Whether node `id`'s token is still being read from the keyring: probe and back up the node
    /// after tokenReady().
    [[nodiscard]] bool isReadingToken(const QString &id) const { return m_readingTokens.contains(id); }
    /// Whether node `id`'s token is kept in the keyring (written there).
    [[nodiscard]] bool isTokenInKeyring(const QString &id) const { return m_tokensInKeyring.contains(id); }

    /// The first key of a new encrypted chain at `location`, asked when the location was added
    /// (LocationDialog): the next backup into the empty chain encrypts it with this secret. Held
    /// in memory only, until a backup made the chain (nullptr: none, a plain chain).
    void setNewChainSecret(const QString &location, std::shared_ptr<const KeySecret> secret);
    [[nodiscard]] std::shared_ptr<const KeySecret> newChainSecret(const QString &location) const
    {
        return m_newChainSecrets.value(location);
    }
    /// How to reach node `id`, as every job and probe takes it (what its kind uses: token, TLS,
    /// databases); nullopt when there is no such node or its host does not parse.
    [[nodiscard]] std::optional<ConnectionSettings> settings(const QString &id) const;
    void setToken(const QString &id, const QByteArray &token);
    /// Path of the 0600 token file.
    [[nodiscard]] static QString tokenFilePath();

    /// The name of the schedule of node `id`'s backups into `location` (ScheduleTab), kept in the
    /// settings (group `scheduleNames`) so that it stays when the node is renamed; empty: none.
    [[nodiscard]] static QString scheduleName(const QString &id, const QString &location);
    /// Keeps it (empty: forgets it).
    static void setScheduleName(const QString &id, const QString &location, const QString &name);
    /// Every schedule name kept, by node id and location (the nodes pane shows their runs).
    [[nodiscard]] static QHash<QString, QString> scheduleNames(const QString &id, const QStringList &locations);

Q_SIGNALS:
    void nodesChanged();
    /// The keyring answered for S3 location `location` (with its secret or without): jobs may use it.
    void locationReady(const QString &location);
    /// A secret could not be read from or kept in the keyring: a sentence for the log.
    void keyringProblem(const QString &message);
    /// The keyring answered at start: tokenStorage() is Keyring or File now.
    void tokenStorageKnown();
    /// Node `id`'s token was read from the keyring (or could not be): probe the node now.
    void tokenReady(const QString &id);
    /// A node or location with schedules was removed: their names (no longer kept) for removal.
    void schedulesDropped(const QStringList &names);

private:
    void load();
    void store() const;
    void loadS3Locations();
    /// Reads `location`'s secret from where it is kept, then registers it.
    void readS3Secret(const QString &location, const S3Location &settings);
    void storeS3Location(const QString &location, const S3Location &settings) const;
    /// Removes the secret of `location` from where `s3` says it is kept (the token file or the keyring).
    void dropS3Secret(const QString &location, const S3Location &s3);
    /// Drops the settings and secrets of S3 locations that no node lists any more.
    void forgetUnusedS3Locations();
    void setSecretInFile(const QString &key, const QVariant &value) const;
    /// Reads the tokens of the file, then checks the keyring (keyringChecked()).
    void loadTokens();
    /// Reads the tokens kept in the keyring, and moves those of the file there where it runs.
    void keyringChecked(const Keyring::Answer &answer);
    /// Writes node `id`'s token to the keyring; once written it leaves the file (else it stays there).
    void writeTokenToKeyring(const QString &id, const QByteArray &token);
    void setTokenInKeyring(const QString &id, bool inKeyring);
    /// Forgets the schedule names of node `id`'s `locations` and signals schedulesDropped().
    void dropSchedules(const QString &id, const QStringList &locations);

    std::vector<NodeEntry> m_nodes;
    QHash<QString, S3Location> m_s3;     ///< By location.
    QHash<QString, QString> m_s3Secrets; ///< This session's secret keys, by location.
    QSet<QString> m_readingKeyring;      ///< Locations whose secret is being read.
    QHash<QString, QByteArray> m_tokens; ///< Auth tokens by node id.
    QSet<QString> m_tokensInKeyring;     ///< Nodes whose token the keyring holds.
    QSet<QString> m_readingTokens;       ///< Nodes whose token is being read from the keyring.
    TokenStorage m_tokenStorage = TokenStorage::Checking;
    QString m_keyringError; ///< Why no keyring runs (Keyring::describe), for tokenStorageText().
    QHash<QString, std::shared_ptr<const KeySecret>> m_newChainSecrets;
};

} // namespace tidemark::ui
