#include "ChainPane.h"

#include "kinds/NodeKind.h"

#include "ChainView.h"
#include "NodeStore.h"
#include "NodesPane.h"
#include "Units.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
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
    m_locations->setMinimumContentsLength(30);
    auto *addLocationButton = new QPushButton(tr("Add location…"), this);
    addLocationButton->setObjectName(QStringLiteral("addLocationButton"));
    m_forgetLocationButton = new QPushButton(tr("Forget"), this);
    m_forgetLocationButton->setObjectName(QStringLiteral("forgetLocationButton"));
    m_forgetLocationButton->setToolTip(tr("Remove the location from this list; the files stay on disk."));
    auto *locationRow = new QHBoxLayout;
    locationRow->addWidget(new QLabel(tr("Backup chain:"), this));
    locationRow->addWidget(m_locations, 1);
    locationRow->addWidget(addLocationButton);
    locationRow->addWidget(m_forgetLocationButton);

    m_chainView = new ChainView(this);
    m_chainView->setObjectName(QStringLiteral("chainView"));
    m_chainStatus = new QLabel(this);
    m_chainStatus->setObjectName(QStringLiteral("chainStatus"));
    m_chainStatus->setWordWrap(true);

    m_filesTitle = new QLabel(this);
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
    for (QPushButton *b : {m_backupButton, m_fullButton, m_verifyButton, m_restoreButton, m_openButton})
        actions->addWidget(b);
    actions->addStretch(1);

    layout->addWidget(m_nodeTitle);
    layout->addWidget(m_nodeHealth);
    layout->addLayout(locationRow);
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
    auto *dialog =
        new QFileDialog(this, tr("Backup chain of %1: the full snapshot's file (new or existing)").arg(entry->name));
    dialog->setObjectName(QStringLiteral("locationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setOption(QFileDialog::DontConfirmOverwrite);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->selectFile(entry->name);
    const QString id = entry->id;
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &path) {
        m_store->addLocation(id, QFileInfo(path).absoluteFilePath());
        selectLocation(QFileInfo(path).absoluteFilePath());
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
    QStringList paths;
    for (const NodeEntry &entry : m_store->nodes())
        paths << entry.locations;
    using Loaded = std::vector<std::pair<QString, ChainState>>;
    auto *watcher = new QFutureWatcher<Loaded>(this);
    const int generation = ++m_reloadGeneration;
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_reloadGeneration)
            return;
        m_chains.clear();
        for (auto &[path, state] : watcher->result())
            m_chains[path] = state;
        Q_EMIT chainsReloaded();
    });
    watcher->setFuture(QtConcurrent::run([paths] {
        Loaded loaded;
        for (const QString &path : paths) {
            ChainState state;
            auto chain = BackupChain::open(path);
            if (chain)
                state.chain = chain.takeValue();
            else
                state.error = chain.error();
            loaded.emplace_back(path, std::move(state));
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
                          "e.g. /backups/node1 (incrementals go beside it as node1.0, node1.1, …).")
                     : QString();
    } else if (it == m_chains.end()) {
        status = tr("Reading the chain…");
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
        if (chain.isEmpty())
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
        if (!chain.leftovers().isEmpty())
            status += QLatin1Char(' ') + tr("Leftover of an interrupted backup (the next backup removes it): %1")
                                             .arg(chain.leftovers().join(QStringLiteral(", ")));
        for (const BackupChain::Link &link : chain.links()) {
            const LinkVerification v = verificationOf(link);
            if (v.state == ChainView::Verification::Failed)
                status += QLatin1Char('\n') + tr("Verification failed: %1").arg(v.message);
        }
    }
    m_chainView->setCards(cards, tr("No backup here yet."));
    m_chainView->setVisible(!location.isEmpty());
    m_chainStatus->setText(status);
    refreshFiles();
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
    // A streamed link (format 2) has its checksums in its final manifest, read from its end (a
    // few KiB of a local link).
    Manifest shown = link.manifest;
    if (!shown.hasChecksums()) {
        if (auto final = chain->finalManifest(link))
            shown = final.takeValue();
    }
    for (const ManifestFile &file : shown.files) {
        const QString index =
            influx ? Units::dateTime(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(file.index), Qt::UTC))
                   : QString::number(file.index);
        // Only when the final manifest could not be read (verify says why).
        const QString checksum = file.checksum.isEmpty() ? tr("at the end of the link") : file.checksum;
        auto *item = new QTreeWidgetItem(m_files, {file.name, Units::bytes(file.size), index, checksum});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (link.path == shownLink && file.name == selectedFile)
            m_files->setCurrentItem(item);
    }
    if (link.path == shownLink)
        m_files->verticalScrollBar()->setValue(scroll);
}

void ChainPane::updateActions()
{
    const bool node = m_store->node(m_nodeId);
    const QString location = currentLocation();
    const bool busy = m_busy.contains(location);
    const BackupChain *chain = currentChain();
    const bool hasLinks = chain && !chain->isEmpty();
    m_forgetLocationButton->setEnabled(!location.isEmpty());
    m_backupButton->setEnabled(node && !location.isEmpty() && !busy);
    m_fullButton->setEnabled(node && !busy);
    m_verifyButton->setEnabled(hasLinks && !busy);
    m_restoreButton->setEnabled(hasLinks && !busy);
    m_openButton->setEnabled(!location.isEmpty());
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
    const QString dir = currentLocation().isEmpty() ? QDir::homePath() : QFileInfo(currentLocation()).path();
    const QString suggested = QDir(dir).filePath(QStringLiteral("%1-%2").arg(
        entry->name, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
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
    if (!location.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(location).path()));
}

} // namespace tidemark::ui
