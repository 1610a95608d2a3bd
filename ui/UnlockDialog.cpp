#include "UnlockDialog.h"

#include "storage/EncryptedChainStore.h"

#include "FitHeight.h"
#include "Keyring.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <memory>

namespace tidemark::ui {

namespace {

// What the pool thread found; the secret and the data key never leave it.
struct UnlockOutcome {
    bool ok = false;
    QString error;
};

} // namespace

UnlockDialog::UnlockDialog(const QString &location, ChainKeys keys, QWidget *parent)
    : QDialog(parent), m_location(location), m_keys(std::move(keys)),
      m_passphraseRadio(new QRadioButton(tr("&Passphrase:"), this)),
      m_keyFileRadio(new QRadioButton(tr("&Key file:"), this)), m_passphrase(new QLineEdit(this)),
      m_keyFileRow(new QWidget(this)), m_keyFile(new QLineEdit(m_keyFileRow)),
      m_remember(new QCheckBox(tr("&Remember the passphrase in the system keyring"), this)),
      m_keyringLabel(new QLabel(this)), m_busyBar(new QProgressBar(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)),
      m_unlockButton(m_buttons->addButton(tr("&Unlock"), QDialogButtonBox::AcceptRole))
{
    setWindowTitle(tr("Unlock encrypted chain"));
    setMinimumWidth(520);
    int passphrases = 0;
    int keyFiles = 0;
    for (const ChainKeys::Slot &slot : m_keys.slots())
        ++(slot.kind == KeySecret::Kind::Passphrase ? passphrases : keyFiles);
    auto *intro = new QLabel(tr("<b>%1</b> is encrypted. Give one of its keys to read it; Tidemark keeps the chain's "
                                "key until it quits.")
                                 .arg(location.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *slotsLabel = new QLabel(tr("Its keys: %1.").arg(describeKeys(m_keys)), this);
    slotsLabel->setObjectName(QStringLiteral("slotsLabel"));

    m_passphraseRadio->setObjectName(QStringLiteral("passphraseRadio"));
    m_keyFileRadio->setObjectName(QStringLiteral("keyFileRadio"));
    m_passphrase->setObjectName(QStringLiteral("passphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_keyFile->setObjectName(QStringLiteral("keyFileEdit"));
    m_keyFile->setPlaceholderText(tr("e.g. /etc/tidemark/node1.key"));
    auto *browseButton = new QPushButton(tr("&Browse…"), m_keyFileRow);
    browseButton->setObjectName(QStringLiteral("keyFileBrowseButton"));
    auto *keyFileLayout = new QHBoxLayout(m_keyFileRow);
    keyFileLayout->setContentsMargins(0, 0, 0, 0);
    keyFileLayout->addWidget(m_keyFile, 1);
    keyFileLayout->addWidget(browseButton);
    // The kind the chain has: a passphrase unless it has key files only.
    (passphrases > 0 || keyFiles == 0 ? m_passphraseRadio : m_keyFileRadio)->setChecked(true);

    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setEnabled(false);
    m_keyringLabel->setObjectName(QStringLiteral("keyringLabel"));
    m_keyringLabel->setWordWrap(true);
    m_keyringLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keyringLabel->setText(tr("Checking the system keyring…"));
    m_busyBar->setObjectName(QStringLiteral("busyBar"));
    m_busyBar->setRange(0, 0); // busy: no percentage
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumHeight(8);
    m_busyBar->setVisible(false);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unlockButton->setObjectName(QStringLiteral("unlockButton"));
    m_unlockButton->setDefault(true);

    auto *grid = new QGridLayout;
    grid->addWidget(m_passphraseRadio, 0, 0);
    grid->addWidget(m_passphrase, 0, 1);
    grid->addWidget(m_keyFileRadio, 1, 0);
    grid->addWidget(m_keyFileRow, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(slotsLabel);
    layout->addLayout(grid);
    layout->addWidget(m_remember);
    layout->addWidget(m_keyringLabel);
    layout->addWidget(m_busyBar);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_passphraseRadio, &QRadioButton::toggled, this, &UnlockDialog::updateState);
    connect(m_passphrase, &QLineEdit::textChanged, this, &UnlockDialog::updateState);
    connect(m_keyFile, &QLineEdit::textChanged, this, &UnlockDialog::updateState);
    connect(browseButton, &QPushButton::clicked, this, &UnlockDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &UnlockDialog::unlock);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    Keyring::instance().check(this, [this](const Keyring::Answer &answer) {
        m_keyringChecked = true;
        m_keyringAvailable = answer.outcome == Keyring::Outcome::Ok;
        if (m_keyringAvailable) {
            m_keyringLabel->setText(tr("Tidemark then unlocks this chain by itself when it starts (keyring service "
                                       "\"%1\").")
                                        .arg(Keyring::service()));
            m_keyringLabel->setStyleSheet(QString());
        } else {
            m_remember->setChecked(false);
            m_keyringLabel->setText(tr("⚠ %1 The passphrase is not remembered: after Tidemark restarts, Unlock… asks "
                                       "for it again (it is never written to the settings or the token file).")
                                        .arg(Keyring::describe(answer)));
            m_keyringLabel->setStyleSheet(QStringLiteral("color: #b06000"));
        }
        updateState();
        Q_EMIT keyringCheckFinished();
    });
    updateState();
}

QString UnlockDialog::describeKeys(const ChainKeys &keys)
{
    int passphrases = 0;
    int keyFiles = 0;
    for (const ChainKeys::Slot &slot : keys.slots())
        ++(slot.kind == KeySecret::Kind::Passphrase ? passphrases : keyFiles);
    QStringList kinds;
    if (passphrases > 0)
        kinds << tr("%n passphrase(s)", nullptr, passphrases);
    if (keyFiles > 0)
        kinds << tr("%n key file(s)", nullptr, keyFiles);
    return kinds.join(QStringLiteral(", "));
}

void UnlockDialog::updateState()
{
    const bool passphrase = m_passphraseRadio->isChecked();
    m_passphrase->setEnabled(passphrase && !m_busy);
    m_keyFileRow->setEnabled(!passphrase && !m_busy);
    m_passphraseRadio->setEnabled(!m_busy);
    m_keyFileRadio->setEnabled(!m_busy);
    // Only a passphrase is remembered: a key file stays where it is.
    m_remember->setEnabled(passphrase && m_keyringAvailable && !m_busy);
    m_remember->setToolTip(
        passphrase ? QString() : tr("A key file is not copied into the keyring: give it again after a restart."));
    m_unlockButton->setEnabled(!m_busy &&
                               !(passphrase ? m_passphrase->text().isEmpty() : m_keyFile->text().trimmed().isEmpty()));
    m_busyBar->setVisible(m_busy);
    ui::fitHeight(*this);
}

void UnlockDialog::browse()
{
    const QString current = m_keyFile->text().trimmed();
    auto *dialog = new QFileDialog(this, tr("Key file of %1").arg(m_location),
                                   current.isEmpty() ? QDir::homePath() : QFileInfo(current).path());
    dialog->setObjectName(QStringLiteral("keyFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &chosen) { m_keyFile->setText(QFileInfo(chosen).absoluteFilePath()); });
    dialog->open();
}

void UnlockDialog::unlock()
{
    if (m_busy || !m_unlockButton->isEnabled())
        return;
    const bool passphrase = m_passphraseRadio->isChecked();
    std::shared_ptr<KeySecret> secret;
    QString keyFile;
    if (passphrase) {
        QByteArray typed = m_passphrase->text().toUtf8();
        secret = std::make_shared<KeySecret>(
            KeySecret{KeySecret::Kind::Passphrase, SecretBytes::fromBytes(typed), tr("the passphrase typed")});
        wipe(typed);
    } else {
        keyFile = QFileInfo(m_keyFile->text().trimmed()).absoluteFilePath();
    }
    m_busy = true;
    m_error->setText(tr("Checking the key… (a passphrase takes a moment: it is stretched with Argon2id)"));
    m_error->setStyleSheet(QString());
    updateState();
    auto *watcher = new QFutureWatcher<UnlockOutcome>(this);
    connect(watcher, &QFutureWatcher<UnlockOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const UnlockOutcome outcome = watcher->result();
        finish(outcome.ok, outcome.error);
    });
    watcher->setFuture(QtConcurrent::run(
        [keys = m_keys, secret = std::move(secret), keyFile, location = m_location]() -> UnlockOutcome {
            std::shared_ptr<const KeySecret> given = secret;
            if (!given) {
                auto read = KeySecret::readKeyFile(keyFile);
                if (!read)
                    return {false, read.error().message};
                given = std::make_shared<KeySecret>(read.takeValue());
            }
            auto key = keys.unlock(*given, location);
            if (!key)
                return {false, key.error().message};
            ChainSecrets::remember(keys, key.value());
            return {true, {}};
        }));
}

void UnlockDialog::finish(bool ok, const QString &error)
{
    if (!ok) {
        m_busy = false;
        m_error->setText(tr("✖ %1").arg(error));
        m_error->setStyleSheet(QStringLiteral("color: #b00020"));
        updateState();
        if (m_passphraseRadio->isChecked()) {
            m_passphrase->selectAll();
            m_passphrase->setFocus();
        }
        ui::fitHeight(*this);
        Q_EMIT failed(error);
        return;
    }
    m_error->setText(tr("✔ Unlocked."));
    m_error->setStyleSheet(QStringLiteral("color: #2e7d32"));
    const auto done = [this] {
        m_busy = false;
        Q_EMIT unlocked(m_location);
        accept();
    };
    if (!m_passphraseRadio->isChecked() || !m_remember->isChecked() || !m_keyringAvailable) {
        done();
        return;
    }
    Keyring::instance().write(Keyring::keyForChainPassphrase(m_location), m_passphrase->text(), this,
                              [this, done](const Keyring::Answer &answer) {
                                  if (answer.outcome != Keyring::Outcome::Ok)
                                      Q_EMIT keyringProblem(
                                          tr("The passphrase of %1 was not kept in the system keyring: %2 The chain "
                                             "stays unlocked until Tidemark quits.")
                                              .arg(m_location, Keyring::describe(answer)));
                                  done();
                              });
}

} // namespace tidemark::ui
