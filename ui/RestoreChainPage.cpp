#include "RestoreChainPage.h"

#include "storage/ChainStore.h"

#include "RestoreWizard.h"
#include "Units.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QtConcurrent>

#include <climits>

namespace tidemark::ui {

namespace {
constexpr int kWholeChain = INT_MIN;
}

RestoreChainPage::RestoreChainPage(RestoreWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_path(new QLineEdit(this)), m_upto(new QComboBox(this)),
      m_progress(new QProgressBar(this)), m_status(new QLabel(this))
{
    setTitle(tr("1. The backup to restore"));
    setSubTitle(
        tr("Pick the chain (its full snapshot file) and how far to restore. The whole chain is verified first."));
    m_path->setObjectName(QStringLiteral("chainPathEdit"));
    m_upto->setObjectName(QStringLiteral("uptoCombo"));
    m_progress->setObjectName(QStringLiteral("verifyProgress"));
    m_status->setObjectName(QStringLiteral("chainStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Chain (full snapshot):"), pathRow);
    form->addRow(tr("Restore up to:"), m_upto);
    form->addRow(tr("Verification:"), m_progress);
    form->addRow(m_status);
    connect(browse, &QPushButton::clicked, this, [this] {
        // An S3 chain has no folder here to start in.
        const QString current = m_path->text().trimmed();
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Full snapshot of the chain"),
            current.isEmpty() || ChainStore::isRemote(current) ? QDir::homePath() : QFileInfo(current).path());
        if (!path.isEmpty()) {
            m_path->setText(path);
            load();
        }
    });
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        if (!m_chain || m_chain->path() != m_path->text().trimmed())
            load();
    });
}

void RestoreChainPage::initializePage()
{
    m_path->setText(m_wizard->options().chainPath);
    load();
}

void RestoreChainPage::load()
{
    const QString path = m_path->text().trimmed();
    const int generation = ++m_generation;
    m_chain.reset();
    m_verified = false;
    m_verifyOk = false;
    m_upto->clear();
    m_progress->setValue(0);
    if (m_job)
        m_job->cancel();
    Q_EMIT completeChanged();
    if (path.isEmpty()) {
        m_status->setText(
            tr("Give the path of a chain's full snapshot, e.g. /backups/node1, or an S3 chain, s3://BUCKET/KEY."));
        return;
    }
    m_status->setText(tr("Reading the chain…"));
    auto *watcher = new QFutureWatcher<Result<BackupChain>>(this);
    connect(watcher, &QFutureWatcher<Result<BackupChain>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const auto chain = watcher->result();
        if (!chain) {
            m_status->setText(chain.error().toString());
            return;
        }
        if (chain->isEmpty()) {
            m_status->setText(tr("There is no backup at %1.").arg(chain->path()));
            return;
        }
        m_chain = chain.value();
        showChain();
    });
    watcher->setFuture(QtConcurrent::run([path]() -> Result<BackupChain> { return BackupChain::open(path); }));
}

void RestoreChainPage::showChain()
{
    const auto &links = m_chain->links();
    const auto describe = [](const BackupChain::Link &link) {
        return tr("%1 — %2, index %3")
            .arg(QFileInfo(link.path).fileName(), Units::dateTime(link.manifest.created))
            .arg(link.manifest.index);
    };
    m_upto->addItem(
        tr("Everything: the full snapshot and all %n incremental(s) (%1)", nullptr, static_cast<int>(links.size() - 1))
            .arg(describe(links.back())),
        kWholeChain);
    for (int i = static_cast<int>(links.size()) - 2; i >= 0; --i)
        m_upto->addItem(i == 0 ? tr("The full snapshot only (%1)").arg(describe(links[0]))
                               : tr("Up to .%1 (%2)").arg(i - 1).arg(describe(links[static_cast<size_t>(i)])),
                        i - 1);
    const std::optional<int> upto = m_wizard->options().upto;
    if (upto) {
        const int index = m_upto->findData(*upto);
        if (index >= 0)
            m_upto->setCurrentIndex(index);
    }

    m_status->setText(
        tr("Verifying %n link(s): every checksum and every file they hold…", nullptr, static_cast<int>(links.size())));
    auto *job = new VerifyJob(m_chain->path(), this);
    m_job = job;
    connect(job, &VerifyJob::progressChanged, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
    });
    const int generation = m_generation;
    connect(job, &Job::finished, this, [this, job, generation](const Error &) {
        job->deleteLater();
        const VerifyResult &result = job->result();
        if (generation != m_generation || result.error.code == ErrorCode::Cancelled)
            return;
        m_verified = true;
        m_verifyOk = result.ok();
        m_progress->setValue(1000);
        if (result.ok()) {
            m_status->setText(tr("✔ The chain is complete; every checksum and every file it holds is valid."));
            m_status->setStyleSheet(QStringLiteral("color: #2e7d32"));
        } else {
            m_status->setText(tr("✖ %1\nYou may still restore up to a link before the damaged one: the next page "
                                 "checks exactly the links "
                                 "you restore.")
                                  .arg(result.error.toString()));
            m_status->setStyleSheet(QStringLiteral("color: #b00020"));
        }
        Q_EMIT completeChanged();
        Q_EMIT verificationFinished(result.ok());
    });
    job->start();
}

bool RestoreChainPage::isComplete() const
{
    return m_chain.has_value() && m_verified;
}

bool RestoreChainPage::validatePage()
{
    m_wizard->options().chainPath = m_chain->path();
    m_wizard->setChainKind(m_chain->links().front().manifest.kind);
    const int upto = m_upto->currentData().toInt();
    m_wizard->options().upto = upto == kWholeChain ? std::nullopt : std::optional<int>(upto);
    return true;
}

} // namespace tidemark::ui
