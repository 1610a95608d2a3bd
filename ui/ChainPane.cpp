#include "ChainPane.h"

#include "kinds/NodeKind.h"
#include "storage/ChainLocation.h"
#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"
#include "storage/S3Settings.h"

#include "CatalogDialog.h"
#include "ContentsDialog.h"
#include "ChainView.h"
#include "Keyring.h"
#include "LocationDialog.h"
#include "NodeStore.h"
#include "NodesPane.h"
#include "RetentionDialog.h"
#include "UnlockDialog.h"
#include "Units.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QScrollBar>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace tidemark::ui {

namespace {

// Verification results are remembered per link file, with the size they were made at, so a
// replaced file never shows an old "verified".
QString verificationKey(const QString &linkPath)
{
    return QStringLiteral("verification/") +
           QString::fromLatin1(linkPath.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

struct LinkVerification {
    ChainView::Verification state = ChainView::Verification::Unknown;
    QDateTime at;
    QString message;
};

LinkVerification verificationOf(const BackupChain::Link &link)
{
    const QStringList saved = QSettings().value(verificationKey(link.path)).toStringList();
    if (saved.size() < 3 || saved[0].toLongLong() != link.bytes)
        return {};
    LinkVerification v;
    v.state = saved[1] == QLatin1String("ok") ? ChainView::Verification::Verified : ChainView::Verification::Failed;
    v.at = QDateTime::fromString(saved[2], Qt::ISODate);
    v.message = saved.value(3);
    return v;
}

} // namespace

ChainPane::ChainPane(NodeStore *store, QWidget *parent) : QWidget(parent), m_store(store)
{
    auto *layout = new QVBoxLayout(this);
    m_nodeTitle = new QLabel(this);
    m_nodeTitle->setObjectName(QStringLiteral("nodeTitle"));
    QFont titleFont = m_nodeTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_nodeTitle->setFont(titleFont);
    m_nodeHealth = new QLabel(this);
    m_nodeHealth->setObjectName(QStringLiteral("nodeHealth"));
    m_nodeHealth->setWordWrap(true);
    m_nodeHealth->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_locations = new QComboBox(this);
    m_locations->setObjectName(QStringLiteral("locationCombo"));
    m_locations->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // Short enough that Catalog… fits beside it in a narrow window; the combo stretches anyway.
    m_locations->setMinimumContentsLength(22);
    auto *addLocationButton = new QPushButton(tr("Add location…"), this);
    addLocationButton->setObjectName(QStringLiteral("addLocationButton"));
    m_forgetLocationButton = new QPushButton(tr("Forget"), this);
    m_forgetLocationButton->setObjectName(QStringLiteral("forgetLocationButton"));
    m_forgetLocationButton->setToolTip(
        tr("Remove the location from this list; the files stay on disk (or in the bucket)."));
    m_catalogButton = new QPushButton(tr("Catalog…"), this);
    m_catalogButton->setObjectName(QStringLiteral("catalogButton"));
    m_catalogButton->setToolTip(tr("Every chain in the folder (or S3 prefix) of this chain: its node, times, size, "
                                   "how it is stored and its last verification."));
    auto *locationRow = new QHBoxLayout;
    locationRow->addWidget(new QLabel(tr("Backup chain:"), this));
    locationRow->addWidget(m_locations, 1);
    locationRow->addWidget(addLocationButton);
    locationRow->addWidget(m_forgetLocationButton);
    locationRow->addWidget(m_catalogButton);

    // The padlock of an encrypted chain: locked (with Unlock…) or unlocked for this session.
    m_encryptionRow = new QWidget(this);
    m_encryptionRow->setObjectName(QStringLiteral("encryptionRow"));
    m_encryptionIcon = new QLabel(m_encryptionRow);
    m_encryptionIcon->setObjectName(QStringLiteral("encryptionIcon"));
    m_encryptionIcon->setPixmap(QIcon(QStringLiteral(":/icons/lock.svg")).pixmap(QSize(24, 24)));
    m_encryptionText = new QLabel(m_encryptionRow);
    m_encryptionText->setObjectName(QStringLiteral("encryptionLabel"));
    m_encryptionText->setWordWrap(true);
    m_encryptionText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unlockButton = new QPushButton(tr("Unlock…"), m_encryptionRow);
    m_unlockButton->setObjectName(QStringLiteral("unlockButton"));
    m_unlockButton->setToolTip(tr("Give the chain's passphrase or key file to read it in this session."));
    auto *encryptionLayout = new QHBoxLayout(m_encryptionRow);
    encryptionLayout->setContentsMargins(0, 0, 0, 0);
    encryptionLayout->addWidget(m_encryptionIcon);
    encryptionLayout->addWidget(m_encryptionText, 1);
    encryptionLayout->addWidget(m_unlockButton);
    m_encryptionRow->setVisible(false);

    m_chainView = new ChainView(this);
    m_chainView->setObjectName(QStringLiteral("chainView"));
    m_chainStatus = new QLabel(this);
    m_chainStatus->setObjectName(QStringLiteral("chainStatus"));
    m_chainStatus->setWordWrap(true);

    m_filesTitle = new QLabel(this);
    m_contentsButton = new QPushButton(tr("Contents…"), this);
    m_contentsButton->setObjectName(QStringLiteral("contentsButton"));
    m_contentsButton->setToolTip(tr("What the chain holds up to the selected link: its databases, retention "
                                    "policies, shards and measurements, read from the chain alone."));
    m_files = new QTreeWidget(this);
    m_files->setObjectName(QStringLiteral("filesTable"));
    m_files->setRootIsDecorated(false);
    m_files->setHeaderLabels({tr("File"), tr("Size"), tr("Index"), tr("Checksum (XXH3-128)")});
    m_files->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_backupButton = new QPushButton(tr("Back up now"), this);
    m_backupButton->setObjectName(QStringLiteral("backupButton"));
    m_backupButton->setToolTip(
        tr("A full snapshot when the chain is empty, else an incremental with only what changed."));
    m_fullButton = new QPushButton(tr("New full backup…"), this);
    m_fullButton->setObjectName(QStringLiteral("fullBackupButton"));
    m_fullButton->setToolTip(tr("Start a new chain in a new file with a full snapshot."));
    m_verifyButton = new QPushButton(tr("Verify chain"), this);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_verifyButton->setToolTip(
        tr("Re-read every link: checksums, continuity and every file it holds (LMDB files, InfluxDB shard tars)."));
    m_restoreButton = new QPushButton(tr("Restore…"), this);
    m_restoreButton->setObjectName(QStringLiteral("restoreButton"));
    m_openButton = new QPushButton(tr("Open folder"), this);
    m_openButton->setObjectName(QStringLiteral("openFolderButton"));
    auto *actions = new QHBoxLayout;
    // Contents… last, next to the files of the selected link it reads up to (a row of its own
    // there would make the pane taller).
    for (QPushButton *b :
         {m_backupButton, m_fullButton, m_verifyButton, m_restoreButton, m_openButton, m_contentsButton})
        actions->addWidget(b);
    actions->addStretch(1);

    layout->addWidget(m_nodeTitle);
    layout->addWidget(m_nodeHealth);
    layout->addLayout(locationRow);
    layout->addWidget(m_encryptionRow);
    layout->addWidget(m_chainView);
    layout->addWidget(m_chainStatus);
    layout->addLayout(actions);
    layout->addWidget(m_filesTitle);
    layout->addWidget(m_files, 1);

    connect(addLocationButton, &QPushButton::clicked, this, &ChainPane::addLocation);
    connect(m_forgetLocationButton, &QPushButton::clicked, this, &ChainPane::forgetLocation);
    connect(m_locations, &QComboBox::currentIndexChanged, this, [this] {
        refreshChain();
        updateActions();
    });
    connect(m_chainView, &ChainView::linkSelected, this, &ChainPane::refreshFiles);
    connect(m_backupButton, &QPushButton::clicked, this, &ChainPane::backUpNow);
    connect(m_fullButton, &QPushButton::clicked, this, &ChainPane::newFullBackup);
    connect(m_verifyButton, &QPushButton::clicked, this, &ChainPane::verifyChain);
    connect(m_restoreButton, &QPushButton::clicked, this, &ChainPane::requestRestore);
    connect(m_openButton, &QPushButton::clicked, this, &ChainPane::openFolder);
    connect(m_unlockButton, &QPushButton::clicked, this, &ChainPane::unlockCurrentChain);
    connect(m_catalogButton, &QPushButton::clicked, this, &ChainPane::openCatalog);
    connect(m_contentsButton, &QPushButton::clicked, this, &ChainPane::openContents);
    connect(m_chainView, &ChainView::linkSelected, this, &ChainPane::updateActions);
    // An S3 location's secret came from the keyring: its chain can be read now.
    connect(m_store, &NodeStore::locationReady, this, &ChainPane::reloadChains);
    // A node now backs up into a series (max links per chain), or no longer does.
    connect(m_store, &NodeStore::nodesChanged, this, [this] {
        if (seriesLocations() != m_series)
            reloadChains();
    });
}

void ChainPane::showNode(const QString &nodeId, const QString &title, const QString &health, bool warn,
                         const QString &rememberedLocation)
{
    m_nodeId = nodeId;
    const NodeEntry *entry = m_store->node(m_nodeId);
    m_nodeTitle->setText(title);
    m_nodeHealth->setText(health);
    m_nodeHealth->setStyleSheet(entry && warn ? QStringLiteral("color: #b04000") : QString());
    const QString current = currentLocation();
    {
        const QSignalBlocker blocker(m_locations);
        m_locations->clear();
        if (entry) {
            for (const QString &location : entry->locations)
                m_locations->addItem(location, location);
        }
        int index = m_locations->findData(current);
        if (index < 0)
            index = m_locations->findData(rememberedLocation);
        if (index < 0)
            index = m_locations->count() - 1;
        m_locations->setCurrentIndex(index);
    }
    refreshChain();
    updateActions();
}

QString ChainPane::currentLocation() const
{
    return m_locations->currentData().toString();
}

void ChainPane::selectLocation(const QString &path)
{
    const int index = m_locations->findData(path);
    if (index >= 0)
        m_locations->setCurrentIndex(index);
}

const BackupChain *ChainPane::currentChain() const
{
    const auto it = m_chains.find(currentLocation());
    return it == m_chains.end() || !it->second.chain ? nullptr : &*it->second.chain;
}

bool ChainPane::isLocked(const QString &location) const
{
    const auto it = m_chains.find(location);
    return it != m_chains.end() && it->second.locked;
}

void ChainPane::setBusyLocations(const QSet<QString> &locations)
{
    m_busy = locations;
    updateActions();
}

// --- locations ---------------------------------------------------------------------------

void ChainPane::addLocation()
{
    const NodeEntry *entry = m_store->node(m_nodeId);
    if (!entry)
        return;
    auto *dialog = new LocationDialog(entry->name, m_store, this);
    dialog->setObjectName(QStringLiteral("locationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = entry->id;
    connect(dialog, &QDialog::accepted, this, [this, id, dialog] {
        const QString location = dialog->location();
        // Before the location is added: the chain pane reads it at once and shows what comes.
        m_store->setNewChainSecret(location, dialog->newChainSecret());
        if (dialog->isS3())
            m_store->addS3Location(id, location, dialog->s3Settings(), dialog->secretKey());
        else
            m_store->addLocation(id, location);
        selectLocation(location);
        reloadChains();
    });
    dialog->open();
}

void ChainPane::forgetLocation()
{
    const QString location = currentLocation();
    if (location.isEmpty())
        return;
    m_store->removeLocation(m_nodeId, location);
}

// --- chains ------------------------------------------------------------------------------

void ChainPane::reloadChains()
{
    // The local chains in one read; each S3 chain in a read of its own, so that a slow or
    // unreachable object store holds up only its own chain. A chain whose secret key is still
    // being read from the keyring waits for NodeStore::locationReady().
    QStringList local;
    std::vector<QStringList> remote;
    m_reloadPaths.clear();
    for (const NodeEntry &entry : m_store->nodes()) {
        for (const QString &location : entry.locations) {
            if (m_store->isReadingKeyring(location) || m_reloadPaths.contains(location))
                continue;
            m_reloadPaths.insert(location);
            if (ChainStore::isRemote(location))
                remote.push_back({location});
            else
                local << location;
        }
    }
    const int generation = ++m_reloadGeneration;
    m_reloadsPending = 1 + static_cast<int>(remote.size());
    m_series = seriesLocations();
    readChains(local, generation, m_series);
    for (const QStringList &one : remote)
        readChains(one, generation, m_series);
}

QSet<QString> ChainPane::seriesLocations() const
{
    // A node with at most N links per chain backs up into a series: its newest chain is shown.
    QSet<QString> series;
    for (const NodeEntry &entry : m_store->nodes()) {
        if (entry.maxLinks > 0) {
            for (const QString &location : entry.locations)
                series.insert(location);
        }
    }
    return series;
}

void ChainPane::readChains(const QStringList &paths, int generation, const QSet<QString> &series)
{
    using Loaded = std::vector<std::pair<QString, ChainState>>;
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_reloadGeneration)
            return;
        std::erase_if(m_chains, [this](const auto &chain) { return !m_reloadPaths.contains(chain.first); });
        for (auto &[path, state] : watcher->result()) {
            m_chains[path] = state;
            // A chain with links has its keys (or none) already: no new chain's key is needed.
            if (state.chain && !state.chain->isEmpty() && m_store->newChainSecret(path)) {
                m_store->setNewChainSecret(path, nullptr);
                if (!state.chain->isEncrypted())
                    Q_EMIT logError(tr("%1 holds an unencrypted chain already: its backups stay unencrypted. Add "
                                       "an empty location to start an encrypted chain.")
                                        .arg(path));
            }
            if (state.locked && state.keys && !m_keyringTried.contains(path))
                tryKeyringPassphrase(path, *state.keys);
        }
        if (--m_reloadsPending == 0)
            Q_EMIT chainsReloaded();
        else
            Q_EMIT someChainsReloaded();
    });
    watcher->setFuture(QtConcurrent::run([paths, series] {
        Loaded loaded;
        for (const QString &location : paths) {
            ChainState state;
            QString path = location;
            if (series.contains(location)) {
                if (auto head = ChainLocation::seriesHead(location))
                    path = head.value();
            }
            auto chain = BackupChain::open(path);
            if (chain) {
                state.chain = chain.takeValue();
                if (state.chain->isEncrypted()) {
                    if (auto keys = EncryptedChainStore::readKeys(state.chain->store()); keys && keys.value())
                        state.keys = *keys.value();
                }
            } else {
                state.error = chain.error();
                // No key of this session opens it: locked, when it has keys (not a wrong keys file).
                if (state.error.code == ErrorCode::Auth) {
                    if (const std::unique_ptr<ChainStore> store = ChainStore::open(path)) {
                        if (auto keys = EncryptedChainStore::readKeys(*store); keys && keys.value()) {
                            state.keys = *keys.value();
                            state.locked = true;
                        }
                    }
                }
            }
            loaded.emplace_back(location, std::move(state));
        }
        return loaded;
    }));
}

std::map<QString, QDateTime> ChainPane::newestBackups() const
{
    std::map<QString, QDateTime> newest;
    for (const auto &[path, state] : m_chains) {
        if (!state.chain)
            continue;
        for (const BackupChain::Link &link : state.chain->links()) {
            const auto [it, added] = newest.try_emplace(path, link.manifest.created);
            if (!added && link.manifest.created > it->second)
                it->second = link.manifest.created;
        }
    }
    return newest;
}

void ChainPane::rememberVerification(const std::vector<BackupChain::Link> &links, bool ok, const QString &message)
{
    QSettings settings;
    for (const BackupChain::Link &link : links)
        settings.setValue(verificationKey(link.path),
                          QStringList{QString::number(link.bytes), ok ? QStringLiteral("ok") : QStringLiteral("failed"),
                                      QDateTime::currentDateTimeUtc().toString(Qt::ISODate), message});
}

void ChainPane::refreshChain()
{
    const QString location = currentLocation();
    std::vector<ChainView::Card> cards;
    QString status;
    const auto it = m_chains.find(location);
    if (location.isEmpty()) {
        status = m_store->node(m_nodeId)
                     ? tr("No backup location yet: Add location… picks the file of the full snapshot, "
                          "e.g. /backups/node1 (incrementals go beside it as node1.0, node1.1, …), or an S3 "
                          "bucket and key.")
                     : QString();
    } else if (m_store->isReadingKeyring(location)) {
        status = tr("Reading the keyring: the secret key of this S3 location comes from the system keyring first.");
    } else if (it == m_chains.end()) {
        status = tr("Reading the chain…");
    } else if (it->second.locked) {
        status = m_unlocking.contains(location) ? tr("Encrypted: trying the passphrase kept in the system keyring…")
                                                : tr("Encrypted — unlock to read it.");
    } else if (!it->second.chain) {
        status = tr("Cannot read this chain: %1").arg(it->second.error.toString());
    } else {
        const BackupChain &chain = *it->second.chain;
        const NodeKind &kind =
            NodeKind::of(chain.isEmpty() ? Manifest::Kind::Tidemark : chain.links().front().manifest.kind);
        int n = 0;
        for (const BackupChain::Link &link : chain.links()) {
            const LinkVerification v = verificationOf(link);
            ChainView::Card card;
            card.title = link.manifest.incremental ? tr("Incremental .%1").arg(n++) : tr("Full snapshot");
            card.fileName = QFileInfo(link.path).fileName();
            card.created = Units::dateTime(link.manifest.created);
            card.size = Units::bytes(link.bytes);
            card.files = tr("%n file(s)", nullptr, static_cast<int>(link.manifest.files.size()));
            // A link whose index is a time (ms, InfluxDB), not the node's index: count its shards instead.
            card.index = kind.indexIsTime()
                             ? tr("%n shard(s)", nullptr,
                                  static_cast<int>(std::count_if(link.manifest.files.begin(), link.manifest.files.end(),
                                                                 [](const ManifestFile &f) {
                                                                     return f.name.startsWith(QLatin1String("shards/"));
                                                                 })))
                             : tr("index %1").arg(link.manifest.index);
            card.state = v.state;
            card.verification = v.state == ChainView::Verification::Verified
                                    ? tr("✔ verified %1").arg(Units::dateTime(v.at))
                                : v.state == ChainView::Verification::Failed ? tr("✖ verification failed")
                                                                             : tr("not verified yet");
            cards.push_back(card);
        }
        if (chain.isEmpty() && m_store->newChainSecret(location))
            status = tr("Empty: Back up now writes the full snapshot to %1, encrypted with the passphrase given "
                        "when the location was added.")
                         .arg(chain.path());
        else if (chain.isEmpty())
            status = tr("Empty: Back up now writes the full snapshot to %1.").arg(chain.path());
        else
            status =
                tr("%1 chain: %n link(s); next backup goes to %2.", nullptr, static_cast<int>(chain.links().size()))
                    .arg(kind.shortName(), chain.nextPath());
        const NodeEntry *entry = m_store->node(m_nodeId);
        if (entry && !chain.isEmpty() && entry->kind != kind.id())
            status +=
                QLatin1Char('\n') + tr("⚠ This chain holds a %1 node's backups but %2 is a %3 node: back it up "
                                       "into a new chain (New full backup…).")
                                        .arg(kind.shortName(), entry->name, NodeKind::of(entry->kind).shortName());
        if (entry && entry->maxLinks > 0)
            status += QLatin1Char('\n') +
                      (ChainStore::canonicalLocation(chain.path()) == ChainStore::canonicalLocation(location)
                           ? tr("A series of chains of at most %n link(s) each: once this one is full, the next "
                                "backup rolls it onto a synthetic full in a new chain beside it.",
                                nullptr, entry->maxLinks)
                           : tr("A series of chains of at most %n link(s) each: its newest chain is %1.", nullptr,
                                entry->maxLinks)
                                 .arg(chain.path()));
        if (!chain.leftovers().isEmpty())
            status += QLatin1Char(' ') + tr("Leftover of an interrupted backup (the next backup removes it): %1")
                                             .arg(chain.leftovers().join(QStringLiteral(", ")));
        for (const BackupChain::Link &link : chain.links()) {
            const LinkVerification v = verificationOf(link);
            if (v.state == ChainView::Verification::Failed)
                status += QLatin1Char('\n') + tr("Verification failed: %1").arg(v.message);
        }
    }
    const bool locked = it != m_chains.end() && it->second.locked;
    m_chainView->setCards(cards, locked ? tr("Its links show once it is unlocked.") : tr("No backup here yet."));
    m_chainView->setVisible(!location.isEmpty());
    m_chainStatus->setText(status);
    refreshEncryption();
    refreshFiles();
}

void ChainPane::refreshEncryption()
{
    const QString location = currentLocation();
    const auto it = m_chains.find(location);
    QString text;
    bool unlockable = false;
    if (it != m_chains.end() && it->second.keys) {
        const QString keys = UnlockDialog::describeKeys(*it->second.keys);
        if (it->second.locked) {
            unlockable = !m_unlocking.contains(location);
            text = tr("<b>Encrypted — unlock to read it.</b> Its keys: %1.").arg(keys);
        } else {
            text = tr("<b>Encrypted chain</b>, unlocked for this session: its links are decrypted as they are read. "
                      "Its keys: %1.")
                       .arg(keys);
        }
    } else if (it != m_chains.end() && it->second.chain && it->second.chain->isEmpty() &&
               m_store->newChainSecret(location)) {
        text = tr("<b>Encrypted from its first backup</b>: the passphrase given when the location was added.");
    }
    m_encryptionText->setText(text);
    m_unlockButton->setVisible(unlockable);
    m_encryptionRow->setVisible(!text.isEmpty());
}

void ChainPane::unlockCurrentChain()
{
    const QString location = currentLocation();
    const auto it = m_chains.find(location);
    if (it == m_chains.end() || !it->second.locked || !it->second.keys || m_unlocking.contains(location))
        return;
    auto *dialog = new UnlockDialog(location, *it->second.keys, this);
    dialog->setObjectName(QStringLiteral("unlockDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UnlockDialog::keyringProblem, this, &ChainPane::logError);
    connect(dialog, &UnlockDialog::unlocked, this, [this](const QString &unlocked) {
        Q_EMIT logInfo(tr("Unlocked the encrypted chain %1 for this session.").arg(unlocked));
        reloadChains();
    });
    dialog->open();
}

void ChainPane::tryKeyringPassphrase(const QString &location, const ChainKeys &keys)
{
    m_keyringTried.insert(location);
    m_unlocking.insert(location);
    Keyring::instance().read(
        Keyring::keyForChainPassphrase(location), this, [this, location, keys](const Keyring::Answer &answer) {
            if (answer.outcome != Keyring::Outcome::Ok || answer.secret.isEmpty()) {
                // None kept (or no keyring): Unlock… asks.
                m_unlocking.remove(location);
                refreshChain();
                updateActions();
                return;
            }
            QByteArray passphrase = answer.secret.toUtf8();
            auto secret = std::make_shared<const KeySecret>(KeySecret{KeySecret::Kind::Passphrase,
                                                                      SecretBytes::fromBytes(passphrase),
                                                                      tr("the passphrase in the system keyring")});
            wipe(passphrase);
            auto *watcher = new QFutureWatcher<Error>(this);
            connect(watcher, &QFutureWatcher<Error>::finished, this, [this, watcher, location] {
                watcher->deleteLater();
                m_unlocking.remove(location);
                const Error error = watcher->result();
                if (error.code == ErrorCode::Ok) {
                    Q_EMIT logInfo(tr("Unlocked the encrypted chain %1 with the passphrase kept in the system keyring.")
                                       .arg(location));
                    reloadChains();
                    return;
                }
                Q_EMIT logError(tr("The passphrase kept in the system keyring for %1 does not open it (%2): Unlock… "
                                   "asks for a key.")
                                    .arg(location, error.message));
                refreshChain();
                updateActions();
            });
            watcher->setFuture(QtConcurrent::run([keys, secret, location]() -> Error {
                auto key = keys.unlock(*secret, location);
                if (!key)
                    return key.error();
                ChainSecrets::remember(keys, key.value());
                return Error{ErrorCode::Ok, {}, {}};
            }));
        });
    refreshChain();
    updateActions();
}

void ChainPane::refreshFiles()
{
    // Redrawn after every probe and chain read: the same link keeps its selected row and scroll.
    const QString selectedFile = m_files->currentItem() ? m_files->currentItem()->text(0) : QString();
    const int scroll = m_files->verticalScrollBar()->value();
    const QString shownLink = m_shownLink;
    m_shownLink.clear();
    m_files->clear();
    const BackupChain *chain = currentChain();
    const int selected = m_chainView->selectedLink();
    if (!chain || selected < 0 || selected >= static_cast<int>(chain->links().size())) {
        m_filesTitle->setText(tr("<b>Files</b> (select a link above)"));
        return;
    }
    const BackupChain::Link &link = chain->links()[static_cast<size_t>(selected)];
    m_shownLink = link.path;
    // Of an InfluxDB node, a file's index is the time of its newest content on the node's clock (ms).
    const bool influx = NodeKind::of(link.manifest.kind).indexIsTime();
    m_files->setHeaderLabels(
        {tr("File"), tr("Size"), influx ? tr("Newest change (node's clock)") : tr("Index"), tr("Checksum (XXH3-128)")});
    m_filesTitle->setText(
        tr("<b>Files in %1</b> (created %2)")
            .arg(QFileInfo(link.path).fileName().toHtmlEscaped(), Units::dateTime(link.manifest.created)));
    // A streamed link (format 2) has its checksums in its final manifest, read from its end.
    const QString linkKey = link.path + QLatin1Char('|') + link.manifest.created.toString(Qt::ISODateWithMs);
    if (!link.manifest.hasChecksums() && !m_finalChecksums.contains(linkKey)) {
        m_finalChecksums.insert(linkKey, {});
        readFinalChecksums(chain->sharedStore(), link);
    }
    const QHash<QString, QString> finals = m_finalChecksums.value(linkKey);
    for (const ManifestFile &file : link.manifest.files) {
        const QString index =
            influx ? Units::dateTime(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(file.index), Qt::UTC))
                   : QString::number(file.index);
        // While the final manifest is read, or when it could not be (verify says why).
        const QString known = file.fileChecksum().isEmpty() ? finals.value(file.name) : file.fileChecksum();
        const QString checksum = known.isEmpty() ? tr("at the end of the link") : known;
        // A block link (only the changed blocks stored) or a reference link (an InfluxDB shard as
        // references into its version before, plus new bytes): the rebuilt file's size, the stored
        // bytes beside.
        QString size = Units::bytes(file.size);
        if (file.isBlockLink())
            size = file.fileSize() >= 0 ? tr("%1 (blocks: %2)").arg(Units::bytes(file.fileSize()), size)
                                        : tr("changed blocks");
        else if (file.isRefLink())
            size = file.fileSize() >= 0 ? tr("%1 (references: stored %2)").arg(Units::bytes(file.fileSize()), size)
                                        : tr("references to the version before");
        auto *item = new QTreeWidgetItem(m_files, {file.name, size, index, checksum});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (link.path == shownLink && file.name == selectedFile)
            m_files->setCurrentItem(item);
    }
    if (link.path == shownLink)
        m_files->verticalScrollBar()->setValue(scroll);
}

void ChainPane::readFinalChecksums(std::shared_ptr<ChainStore> store, const BackupChain::Link &link)
{
    using Checksums = QHash<QString, QString>;
    const QString linkKey = link.path + QLatin1Char('|') + link.manifest.created.toString(Qt::ISODateWithMs);
    auto *watcher = new QFutureWatcher<Checksums>(this);
    connect(watcher, &QFutureWatcher<Checksums>::finished, this, [this, watcher, linkKey, path = link.path] {
        watcher->deleteLater();
        m_finalChecksums.insert(linkKey, watcher->result());
        if (m_shownLink == path)
            refreshFiles();
    });
    // The chain's own store: an encrypted chain's is unlocked already and its keys read.
    watcher->setFuture(QtConcurrent::run([store = std::move(store), number = link.number, path = link.path] {
        Checksums checksums;
        if (auto final = BackupChain::finalManifest(*store, number, path)) {
            for (const ManifestFile &file : final->files)
                checksums.insert(file.name, file.fileChecksum());
        }
        return checksums;
    }));
}

void ChainPane::updateActions()
{
    const bool node = m_store->node(m_nodeId);
    const QString location = currentLocation();
    // A location whose secret is still in the keyring takes no job yet.
    const bool busy = m_busy.contains(location) || m_store->isReadingKeyring(location);
    // A locked chain takes no backup until it is unlocked (its key is needed to write a link).
    const bool locked = isLocked(location);
    const BackupChain *chain = currentChain();
    const bool hasLinks = chain && !chain->isEmpty();
    const bool remote = ChainStore::isRemote(location);
    m_forgetLocationButton->setEnabled(!location.isEmpty());
    // The folder of a chain whose S3 secret is still in the keyring cannot be listed yet.
    m_catalogButton->setEnabled(!location.isEmpty() && !m_store->isReadingKeyring(location));
    m_backupButton->setEnabled(node && !location.isEmpty() && !busy && !locked);
    m_fullButton->setEnabled(node && !busy);
    m_verifyButton->setEnabled(hasLinks && !busy);
    m_restoreButton->setEnabled(hasLinks && !busy);
    // Reading up to a link does not disturb a job appending to the chain; a locked chain cannot be read.
    const int selected = m_chainView->selectedLink();
    const bool linkSelected = hasLinks && selected >= 0 && selected < static_cast<int>(chain->links().size());
    m_contentsButton->setEnabled(linkSelected && !locked && !m_store->isReadingKeyring(location));
    m_openButton->setEnabled(!location.isEmpty() && !remote);
    m_openButton->setToolTip(remote ? tr("An S3 location has no folder on this machine.")
                                    : tr("Open the chain's folder in the file manager."));
}

// --- the catalog and retention of a chain's folder -----------------------------------------

QString ChainPane::nodeUrl() const
{
    // The node as its chains name it: the cluster URL of its newest link in any of its chains.
    const NodeEntry *entry = m_store->node(m_nodeId);
    if (!entry)
        return {};
    QString url;
    QDateTime newest;
    for (const QString &location : entry->locations) {
        const auto it = m_chains.find(location);
        if (it == m_chains.end() || !it->second.chain || it->second.chain->isEmpty())
            continue;
        const Manifest &manifest = it->second.chain->links().back().manifest;
        if (!manifest.clusterUrl.isEmpty() && (!newest.isValid() || manifest.created > newest)) {
            newest = manifest.created;
            url = manifest.clusterUrl;
        }
    }
    return url;
}

CatalogDialog *ChainPane::openCatalog()
{
    const QString chain = currentLocation();
    if (chain.isEmpty() || m_store->isReadingKeyring(chain))
        return nullptr;
    const QString folder = ChainLocation::locationOf(chain);
    m_catalogs.removeAll(nullptr);
    for (CatalogDialog *open : std::as_const(m_catalogs)) {
        if (open->location() == folder) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    m_store->registerS3Folder(chain);
    auto *dialog = new CatalogDialog(folder, chain, this);
    dialog->setObjectName(QStringLiteral("catalogDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CatalogDialog::retentionRequested, this,
            [this, dialog](const Catalog &catalog) { openRetention(dialog->location(), catalog); });
    m_catalogs.append(dialog);
    dialog->show();
    return dialog;
}

ContentsDialog *ChainPane::openContents()
{
    const QString location = currentLocation();
    const BackupChain *chain = currentChain();
    const int selected = m_chainView->selectedLink();
    if (!chain || isLocked(location) || m_store->isReadingKeyring(location) || selected < 0 ||
        selected >= static_cast<int>(chain->links().size()))
        return nullptr;
    m_store->registerS3Folder(location);
    const BackupChain::Link &link = chain->links()[static_cast<size_t>(selected)];
    auto *dialog = new ContentsDialog(chain->path(), link.number, this);
    dialog->setObjectName(QStringLiteral("contentsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ContentsDialog::restoreDatabaseRequested, this, &ChainPane::onlineRestoreRequested);
    dialog->show();
    return dialog;
}

RetentionDialog *ChainPane::openRetention()
{
    const QString chain = currentLocation();
    if (chain.isEmpty() || m_store->isReadingKeyring(chain))
        return nullptr;
    m_store->registerS3Folder(chain);
    return openRetention(ChainLocation::locationOf(chain), std::nullopt);
}

RetentionDialog *ChainPane::openRetention(const QString &folder, std::optional<Catalog> catalog)
{
    auto *dialog = new RetentionDialog(m_store, m_nodeId, folder, nodeUrl(), std::move(catalog), this);
    dialog->setObjectName(QStringLiteral("retentionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RetentionDialog::pruneRequested, this, &ChainPane::pruneRequested);
    dialog->show();
    return dialog;
}

void ChainPane::locationChanged(const QString &path)
{
    m_catalogs.removeAll(nullptr);
    for (CatalogDialog *dialog : std::as_const(m_catalogs)) {
        if (dialog->location() == path || dialog->location() == ChainLocation::locationOf(path))
            dialog->refresh();
    }
}

// --- actions: requests for the job launcher ---------------------------------------------

void ChainPane::backUpNow()
{
    if (!currentLocation().isEmpty())
        Q_EMIT backupRequested(m_nodeId, currentLocation());
}

void ChainPane::newFullBackup()
{
    const NodeEntry *entry = m_store->node(m_nodeId);
    if (!entry)
        return;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    if (ChainStore::isRemote(currentLocation())) {
        newFullS3Backup(*entry, stamp);
        return;
    }
    const QString dir = currentLocation().isEmpty() ? QDir::homePath() : QFileInfo(currentLocation()).path();
    const QString suggested = QDir(dir).filePath(QStringLiteral("%1-%2").arg(entry->name, stamp));
    auto *dialog = new QFileDialog(this, tr("New chain for %1: file of the new full snapshot").arg(entry->name), dir);
    dialog->setObjectName(QStringLiteral("newFullDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->selectFile(suggested);
    const QString id = entry->id;
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &chosen) {
        const QString path = QFileInfo(chosen).absoluteFilePath();
        m_store->addLocation(id, path);
        selectLocation(path);
        Q_EMIT backupRequested(id, path);
    });
    dialog->open();
}

void ChainPane::newFullS3Backup(const NodeEntry &entry, const QString &stamp)
{
    // A new key in the same bucket, with the same endpoint and keys as the chain shown.
    const QString current = currentLocation();
    const S3Url url = S3Url::parse(current);
    const qsizetype slash = url.key.lastIndexOf(QLatin1Char('/'));
    const QString folder = slash < 0 ? QString() : url.key.left(slash + 1);
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("newFullS3Dialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New chain for %1").arg(entry.name));
    dialog->setLabelText(tr("Key of the new full snapshot in s3://%1/ (same endpoint and keys):").arg(url.bucket));
    dialog->setTextValue(QStringLiteral("%1%2-%3").arg(folder, entry.name, stamp));
    const QString id = entry.id;
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id, current, url](const QString &key) {
        const S3Url chosen = S3Url::parse(QStringLiteral("s3://%1/%2").arg(url.bucket, key.trimmed()));
        if (!chosen.valid || chosen.key.isEmpty() || chosen.key.endsWith(QLatin1Char('/')))
            return;
        const QString location = chosen.toString();
        m_store->addS3Location(id, location, m_store->s3Location(current).value_or(S3Location{}),
                               m_store->s3Secret(current));
        selectLocation(location);
        Q_EMIT backupRequested(id, location);
    });
    dialog->open();
}

void ChainPane::verifyChain()
{
    const BackupChain *chain = currentChain();
    if (chain && !chain->isEmpty())
        Q_EMIT verifyRequested(*chain);
}

void ChainPane::requestRestore()
{
    const BackupChain *chain = currentChain();
    Q_EMIT restoreRequested(chain ? chain->path() : QString());
}

void ChainPane::openFolder()
{
    const QString location = currentLocation();
    if (!location.isEmpty() && !ChainStore::isRemote(location))
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(location).path()));
}

} // namespace tidemark::ui
