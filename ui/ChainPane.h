#pragma once

#include "common/Error.h"
#include "snapshot/BackupChain.h"

#include <QDateTime>
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

class ChainView;
class NodeStore;

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
    /// The chains that have a job running: no other job may start on them.
    void setBusyLocations(const QSet<QString> &locations);

    /// Reads the chains of every node's locations again on a pool thread, then emits
    /// chainsReloaded(); the next showNode() shows them (the window calls it at once, with the
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

Q_SIGNALS:
    /// The chains of every location were (re)read from disk: showNode() shows them.
    void chainsReloaded();
    /// Back up node `nodeId` into the chain at `path` (Back up now, New full backup…).
    void backupRequested(const QString &nodeId, const QString &path);
    void verifyRequested(const tidemark::BackupChain &chain);
    /// Open the restore wizard on the chain at `chainPath` (may be empty).
    void restoreRequested(const QString &chainPath);

private:
    struct ChainState {
        std::optional<BackupChain> chain;
        Error error{ErrorCode::Ok, {}, {}};
    };

    void addLocation();
    void forgetLocation();
    void backUpNow();
    void newFullBackup();
    void verifyChain();
    void openFolder();
    void refreshChain();
    void refreshFiles();
    void updateActions();

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
    QString m_nodeId;
    QString m_shownLink;                    ///< The link whose files the table shows.
    std::map<QString, ChainState> m_chains; ///< By location path.
    QSet<QString> m_busy;                   ///< Locations with a job running.
    int m_reloadGeneration = 0;
};

} // namespace tidemark::ui
