#pragma once

#include "common/Error.h"
#include "crypto/ChainKeys.h"
#include "retention/Catalog.h"
#include "retention/PruneJob.h"
#include "snapshot/BackupChain.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace tidemark::ui {

class CatalogDialog;
class ChainView;
class ContentsDialog;
class RetentionDialog;
class NodeStore;
struct NodeEntry;

/// The selected node's backups, right in the window: its title and health (as NodesPane words
/// them), its backup chains (locations: Add location…, Forget), the selected chain drawn link
/// by link (ChainView, with each link's verification), the chain's status, the actions and the
/// files of the selected link.
///
/// The actions only ask: Back up now, New full backup… (after picking the new chain's file),
/// Verify chain and Restore… emit backupRequested(), verifyRequested() and restoreRequested();
/// setBusyLocations() says which chains have a job running. Open folder opens the chain's folder.
///
/// The chains of every node's locations are read with BackupChain::open on a pool thread
/// (reloadChains()); their newest links give the nodes their last backups (newestBackups()).
/// A location is a local path or an S3 location (`s3://BUCKET/KEY`, LocationDialog); the pane
/// treats both alike, except that an S3 chain has no folder to open and waits for its secret
/// key while NodeStore reads it from the keyring.
///
/// An encrypted chain that no key given in this session opens (BackupChain::open: Auth error,
/// and EncryptedChainStore::readKeys finds its keys) shows as locked: a padlock, "Encrypted —
/// unlock to read it" and Unlock… (UnlockDialog), which keeps the chain's key for the session and
/// reads the chain again. The first time a chain is found locked, a passphrase kept for it in the
/// system keyring (Keyring::keyForChainPassphrase) is tried first, off the GUI thread. An unlocked
/// encrypted chain shows the padlock above its links with how many keys it has. Object names:
/// encryptionRow, encryptionIcon, encryptionLabel, unlockButton.
///
/// Catalog… (catalogButton) opens the catalog of the selected chain's folder or S3 prefix
/// (CatalogDialog, one per folder); its Retention… (and the window's menu, openRetention()) the
/// retention dialog of that folder for the selected node (RetentionDialog), whose Prune now is
/// pruneRequested(). locationChanged() has the catalogs of a folder read again.
///
/// Contents… (contentsButton, last of the actions, above the files of the selected link) opens a
/// ContentsDialog: what the chain holds up to that link (databases, retention policies, shards,
/// measurements), read from the chain alone by a BrowseJob on a pool thread; not on a locked chain.
class ChainPane : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY(ChainPane)

public:
    explicit ChainPane(NodeStore *store, QWidget *parent = nullptr);

    [[nodiscard]] ChainView *chainView() const { return m_chainView; }
    /// Shows node `nodeId` (empty or gone: none) under `title` and `health` (orange when `warn`),
    /// with its locations: the one shown before if the node has it, else `rememberedLocation`,
    /// else its newest; then the chain, the files and the actions of that location.
    void showNode(const QString &nodeId, const QString &title, const QString &health, bool warn,
                  const QString &rememberedLocation);
    /// The backup location selected for the current node, or empty.
    [[nodiscard]] QString currentLocation() const;
    void selectLocation(const QString &path);
    /// The chain at the selected location, once read and readable; else nullptr.
    [[nodiscard]] const BackupChain *currentChain() const;
    /// Whether the chain at `location` was read locked: encrypted, and no key of this session opens it.
    [[nodiscard]] bool isLocked(const QString &location) const;
    /// Whether the passphrase kept in the keyring for `location` is being tried.
    [[nodiscard]] bool isTryingKeyring(const QString &location) const { return m_unlocking.contains(location); }
    /// Opens the unlock dialog for the selected chain when it is locked (as Unlock… does).
    void unlockCurrentChain();
    /// The chains that have a job running: no other job may start on them.
    void setBusyLocations(const QSet<QString> &locations);

    /// Reads the chains of every node's locations again on pool threads (the local ones together,
    /// each S3 chain apart), then emits chainsReloaded() (someChainsReloaded() for each read
    /// before the last); the next showNode() shows them (the window calls it at once, with the
    /// nodes' new last backups, so the pane draws once). Of several reloads running, only the
    /// last one counts.
    void reloadChains();
    /// The creation time of the newest link of each chain read, by its path.
    [[nodiscard]] std::map<QString, QDateTime> newestBackups() const;
    /// Remembers (in the settings, per link file and its size) what a verification of `links`
    /// found, for the cards; a replaced file is "not verified yet" again.
    void rememberVerification(const std::vector<BackupChain::Link> &links, bool ok, const QString &message);
    /// Asks to restore the selected chain (none: the wizard asks which): restoreRequested().
    void requestRestore();
    /// Opens (or raises) the catalog of the selected chain's folder; nullptr when none is selected.
    CatalogDialog *openCatalog();
    /// Opens a ContentsDialog (Contents…) on the selected chain up to the selected link: its
    /// databases, retention policies, shards and measurements, read on a pool thread. nullptr when
    /// no link is selected, the chain is locked or its S3 secret is still being read.
    ContentsDialog *openContents();
    /// Opens the retention dialog over the selected chain's folder for the selected node (it reads
    /// the catalog itself); nullptr when no chain is selected.
    RetentionDialog *openRetention();
    /// The selected node as its chains name it (the cluster URL of its newest link), or empty.
    [[nodiscard]] QString nodeUrl() const;
    /// A job changed the chain or location at `path`: open catalogs of it (or of its folder) read again.
    void locationChanged(const QString &path);

Q_SIGNALS:
    /// The chains of every location were (re)read: showNode() shows them.
    void chainsReloaded();
    /// Some chains of a reload were read (the local ones, or one S3 chain), others are still being
    /// read: showNode() shows what is known; chainsReloaded() follows.
    void someChainsReloaded();
    /// Back up node `nodeId` into the chain at `path` (Back up now, New full backup…).
    void backupRequested(const QString &nodeId, const QString &path);
    void verifyRequested(const tidemark::BackupChain &chain);
    /// Open the restore wizard on the chain at `chainPath` (may be empty).
    void restoreRequested(const QString &chainPath);
    /// "Restore this database…" in a contents dialog: `database` of the chain at link `upto` into
    /// a running node (JobLauncher::openOnlineRestoreWizard).
    void onlineRestoreRequested(const QString &chain, int upto, const QString &database, tidemark::Manifest::Kind kind);
    /// Prune now in a retention dialog.
    void pruneRequested(const tidemark::PruneJob::Options &options);
    /// Sentences for the log (a chain unlocked with the keyring's passphrase, or not).
    void logInfo(const QString &message);
    void logError(const QString &message);

private:
    struct ChainState {
        std::optional<BackupChain> chain;
        Error error{ErrorCode::Ok, {}, {}};
        /// The chain's keys when it is encrypted (locked or not).
        std::optional<ChainKeys> keys;
        bool locked = false; ///< Encrypted, and no key of this session opens it.
    };

    void addLocation();
    void forgetLocation();
    void backUpNow();
    void newFullBackup();
    /// New full backup… of an S3 chain: a new key in the same bucket, with the same settings.
    void newFullS3Backup(const NodeEntry &entry, const QString &stamp);
    void verifyChain();
    void openFolder();
    void refreshChain();
    /// Reads the chains at `paths` on a pool thread, for reload `generation`; of a location in
    /// `series` (a node's with maxLinks) the newest chain of its series (ChainLocation::seriesHead).
    void readChains(const QStringList &paths, int generation, const QSet<QString> &series);
    /// The locations of nodes with maxLinks (a series each).
    [[nodiscard]] QSet<QString> seriesLocations() const;
    void refreshFiles();
    /// Reads the final manifest of `link` (a streamed link's checksums, at its end) through its
    /// chain's `store` on a pool thread into m_finalChecksums, then refreshes the files; once per link.
    void readFinalChecksums(std::shared_ptr<ChainStore> store, const BackupChain::Link &link);
    void updateActions();
    /// Shows the padlock row for the selected chain (locked, encrypted, to be encrypted, or none).
    void refreshEncryption();
    /// Tries the passphrase the keyring keeps for the locked chain at `location` (once per location).
    void tryKeyringPassphrase(const QString &location, const ChainKeys &keys);
    RetentionDialog *openRetention(const QString &folder, std::optional<Catalog> catalog);

    NodeStore *m_store;
    QLabel *m_nodeTitle = nullptr;
    QLabel *m_nodeHealth = nullptr;
    QComboBox *m_locations = nullptr;
    QPushButton *m_forgetLocationButton = nullptr;
    ChainView *m_chainView = nullptr;
    QLabel *m_chainStatus = nullptr;
    QTreeWidget *m_files = nullptr;
    QLabel *m_filesTitle = nullptr;
    QPushButton *m_backupButton = nullptr;
    QPushButton *m_fullButton = nullptr;
    QPushButton *m_verifyButton = nullptr;
    QPushButton *m_restoreButton = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_catalogButton = nullptr;
    QPushButton *m_contentsButton = nullptr;
    QList<QPointer<CatalogDialog>> m_catalogs; ///< Open catalogs (closed ones are null).
    QWidget *m_encryptionRow = nullptr;
    QLabel *m_encryptionIcon = nullptr;
    QLabel *m_encryptionText = nullptr;
    QPushButton *m_unlockButton = nullptr;
    QString m_nodeId;
    QString m_shownLink;                    ///< The link whose files the table shows.
    std::map<QString, ChainState> m_chains; ///< By location path.
    QSet<QString> m_busy;                   ///< Locations with a job running.
    QSet<QString> m_keyringTried;           ///< Locked locations whose keyring passphrase was tried.
    QSet<QString> m_unlocking;              ///< Locked locations whose keyring passphrase is being tried.
    int m_reloadGeneration = 0;
    QSet<QString> m_reloadPaths; ///< The locations the newest reload reads.
    QSet<QString> m_series;      ///< The series among them (seriesLocations() at that reload).
    int m_reloadsPending = 0;    ///< Its reads not finished yet.
    /// Checksums of streamed links from their final manifests, by link (path and time) and file
    /// name; read once per link, off the UI thread (an S3 link's end is a network request). An
    /// empty entry: being read, or unreadable (verify says why).
    QHash<QString, QHash<QString, QString>> m_finalChecksums;
};

} // namespace tidemark::ui
