#include "LocationDialog.h"

#include "FitHeight.h"
#include "storage/ChainStore.h"
#include "storage/S3ChainStore.h"
#include "storage/S3Settings.h"

#include "Keyring.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <memory>

namespace tidemark::ui {

namespace {

// A test connection answers within seconds: a refused endpoint is tried twice, not eight times.
S3Client::Retry testRetry()
{
    S3Client::Retry retry;
    retry.attempts = 2;
    retry.baseMs = 250;
    retry.maxMs = 1000;
    retry.stallSeconds = 15;
    return retry;
}

QLabel *hintLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::Disabled, QPalette::WindowText));
    label->setPalette(palette);
    return label;
}

QString endpointOf(const QString &text)
{
    QString endpoint = text.trimmed();
    while (endpoint.endsWith(QLatin1Char('/')))
        endpoint.chop(1);
    return endpoint;
}

QString keyOf(const QString &text)
{
    QString key = text.trimmed();
    while (key.startsWith(QLatin1Char('/')))
        key.remove(0, 1);
    return key;
}

} // namespace

LocationDialog::LocationDialog(const QString &nodeName, const NodeStore *store, QWidget *parent)
    : QDialog(parent), m_store(store), m_nodeName(nodeName), m_localRadio(new QRadioButton(tr("&Local file"), this)),
      m_s3Radio(new QRadioButton(tr("&S3-compatible object storage"), this)), m_pages(new QStackedWidget(this)),
      m_localPath(new QLineEdit(this)), m_endpoint(new QLineEdit(this)), m_region(new QLineEdit(this)),
      m_bucket(new QLineEdit(this)), m_key(new QLineEdit(this)),
      m_pathStyle(new QCheckBox(tr("&Path style (ENDPOINT/BUCKET/KEY)"), this)), m_accessKey(new QLineEdit(this)),
      m_secretKey(new QLineEdit(this)), m_keyringLabel(new QLabel(this)), m_secretFile(new QCheckBox(this)),
      m_credentialsHint(hintLabel(this, QStringLiteral("credentialsHint"))), m_url(new QLabel(this)),
      m_test(new QPushButton(tr("&Test connection"), this)), m_testResult(new QLabel(this)),
      m_encrypt(new QCheckBox(tr("&Encrypt the new chain with a passphrase"), this)),
      m_encryptFields(new QWidget(this)), m_encryptPassphrase(new QLineEdit(m_encryptFields)),
      m_encryptConfirm(new QLineEdit(m_encryptFields)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Backup chain of %1").arg(nodeName));
    setMinimumWidth(600);
    m_localRadio->setObjectName(QStringLiteral("localRadio"));
    m_s3Radio->setObjectName(QStringLiteral("s3Radio"));
    auto *kinds = new QButtonGroup(this);
    kinds->addButton(m_localRadio);
    kinds->addButton(m_s3Radio);
    m_localRadio->setChecked(true);

    // The local file: the full snapshot's path; the incrementals go beside it.
    auto *localPage = new QWidget(m_pages);
    m_localPath->setObjectName(QStringLiteral("localPathEdit"));
    m_localPath->setPlaceholderText(tr("e.g. /backups/%1").arg(nodeName));
    auto *browseButton = new QPushButton(tr("&Browse…"), localPage);
    browseButton->setObjectName(QStringLiteral("browseButton"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_localPath, 1);
    pathRow->addWidget(browseButton);
    auto *localForm = new QFormLayout(localPage);
    localForm->setContentsMargins(0, 0, 0, 0);
    localForm->addRow(tr("Full snapshot &file:"), pathRow);
    if (auto *label = qobject_cast<QLabel *>(localForm->labelForField(pathRow)))
        label->setBuddy(m_localPath);
    auto *localHint = hintLabel(localPage, QStringLiteral("localHint"));
    localHint->setText(tr("A new or existing chain: the full snapshot is this file, the incrementals go beside it "
                          "(NAME.0, NAME.1, …)."));
    localForm->addRow(localHint);

    // S3: where the store is, the chain's object, and the keys.
    auto *s3Page = new QWidget(m_pages);
    m_endpoint->setObjectName(QStringLiteral("endpointEdit"));
    m_endpoint->setPlaceholderText(tr("empty: AWS; e.g. http://ceph-rgw:7480"));
    m_region->setObjectName(QStringLiteral("regionEdit"));
    m_region->setPlaceholderText(tr("empty: AWS_REGION, else us-east-1"));
    m_bucket->setObjectName(QStringLiteral("bucketEdit"));
    m_bucket->setPlaceholderText(tr("e.g. backups"));
    m_key->setObjectName(QStringLiteral("keyEdit"));
    m_key->setPlaceholderText(tr("e.g. tidemark/%1").arg(nodeName));
    m_key->setToolTip(tr("The object of the full snapshot; the incrementals are KEY.0, KEY.1, … beside it."));
    m_pathStyle->setObjectName(QStringLiteral("pathStyleCheck"));
    m_pathStyle->setToolTip(tr("Address the bucket in the path (most S3-compatible stores: Ceph, MinIO) rather than "
                               "as a host name (AWS)."));
    m_accessKey->setObjectName(QStringLiteral("accessKeyEdit"));
    m_accessKey->setPlaceholderText(tr("empty: from the AWS environment or profile"));
    m_secretKey->setObjectName(QStringLiteral("secretKeyEdit"));
    m_secretKey->setEchoMode(QLineEdit::Password);
    m_keyringLabel->setObjectName(QStringLiteral("keyringLabel"));
    m_keyringLabel->setWordWrap(true);
    m_keyringLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_secretFile->setObjectName(QStringLiteral("secretFileCheck"));
    m_secretFile->setText(tr("Keep the secret key in the token file (mode 0600)"));
    m_secretFile->setToolTip(
        tr("%1, beside the settings: where the nodes' auth tokens are kept too.").arg(NodeStore::tokenFilePath()));
    m_secretFile->setVisible(false);
    m_credentialsHint->setText(tr("Leave both keys empty to use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the "
                                  "profile of ~/.aws/credentials (AWS_PROFILE), as tidemark-cli does."));
    m_url->setObjectName(QStringLiteral("urlLabel"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_test->setObjectName(QStringLiteral("testConnectionButton"));
    m_test->setToolTip(tr("List the chain's key prefix in the bucket with these settings."));
    m_testResult->setObjectName(QStringLiteral("testResultLabel"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The fields in a form; the wrapped notes under it at full width (a form's height for a
    // width overestimates wrapped labels).
    auto *s3Layout = new QVBoxLayout(s3Page);
    s3Layout->setContentsMargins(0, 0, 0, 0);
    auto *s3Form = new QFormLayout;
    s3Form->addRow(tr("&Endpoint:"), m_endpoint);
    s3Form->addRow(tr("&Region:"), m_region);
    s3Form->addRow(tr("B&ucket:"), m_bucket);
    s3Form->addRow(tr("Chain &key:"), m_key);
    s3Form->addRow(tr("Addressing:"), m_pathStyle);
    s3Form->addRow(tr("&Access key:"), m_accessKey);
    s3Form->addRow(tr("Secret &key:"), m_secretKey);
    s3Form->addRow(tr("Chain:"), m_url);
    s3Layout->addLayout(s3Form);
    s3Layout->addWidget(m_keyringLabel);
    s3Layout->addWidget(m_secretFile);
    s3Layout->addWidget(m_credentialsHint);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);
    s3Layout->addLayout(testRow);

    m_pages->addWidget(localPage);
    m_pages->addWidget(s3Page);

    // A new chain's first key: the first backup into the empty location encrypts it.
    m_encrypt->setObjectName(QStringLiteral("encryptCheck"));
    m_encrypt->setToolTip(tr("The links are encrypted (XChaCha20-Poly1305) with a key that this passphrase opens; "
                             "reading or restoring the chain asks for it. A location that holds a chain already "
                             "keeps what it is."));
    m_encryptPassphrase->setObjectName(QStringLiteral("encryptPassphraseEdit"));
    m_encryptPassphrase->setEchoMode(QLineEdit::Password);
    m_encryptConfirm->setObjectName(QStringLiteral("encryptConfirmEdit"));
    m_encryptConfirm->setEchoMode(QLineEdit::Password);
    auto *encryptForm = new QFormLayout(m_encryptFields);
    encryptForm->setContentsMargins(20, 0, 0, 0);
    encryptForm->addRow(tr("Pass&phrase:"), m_encryptPassphrase);
    encryptForm->addRow(tr("&Again:"), m_encryptConfirm);
    QLabel *encryptHint = hintLabel(m_encryptFields, QStringLiteral("encryptHint"));
    encryptHint->setText(tr("Keep it safe: without it (or another key added with tidemark-cli key add) the chain "
                            "cannot be read. Unlock… can remember it in the system keyring."));
    encryptForm->addRow(encryptHint);
    m_encryptFields->setVisible(false);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));

    auto *kindRow = new QHBoxLayout;
    kindRow->addWidget(m_localRadio);
    kindRow->addWidget(m_s3Radio);
    kindRow->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(kindRow);
    layout->addWidget(m_pages);
    layout->addWidget(m_encrypt);
    layout->addWidget(m_encryptFields);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_s3Radio, &QRadioButton::toggled, this, [this](bool s3) {
        m_pages->setCurrentIndex(s3 ? 1 : 0);
        if (s3)
            checkKeyring();
        validate();
    });
    connect(m_localPath, &QLineEdit::textChanged, this, &LocationDialog::validate);
    connect(m_encrypt, &QCheckBox::toggled, this, [this](bool on) {
        m_encryptFields->setVisible(on);
        validate();
    });
    connect(m_encryptPassphrase, &QLineEdit::textChanged, this, &LocationDialog::validate);
    connect(m_encryptConfirm, &QLineEdit::textChanged, this, &LocationDialog::validate);
    connect(browseButton, &QPushButton::clicked, this, &LocationDialog::browse);
    // A URL pasted into the bucket field is taken apart.
    connect(m_bucket, &QLineEdit::textEdited, this, [this](const QString &text) {
        const S3Url url = S3Url::parse(text.trimmed());
        if (url.valid) {
            m_bucket->setText(url.bucket);
            if (!url.key.isEmpty())
                m_key->setText(url.key);
        }
    });
    // Any endpoint but AWS's addresses by path unless the user chose otherwise.
    connect(m_endpoint, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!m_pathStyleTouched) {
            const QString endpoint = endpointOf(text);
            m_pathStyle->setChecked(!QUrl(endpoint).host().isEmpty() && !S3Settings::isAwsEndpoint(endpoint));
        }
    });
    connect(m_pathStyle, &QCheckBox::clicked, this, [this] { m_pathStyleTouched = true; });
    for (QLineEdit *edit : {m_endpoint, m_region, m_bucket, m_key, m_accessKey, m_secretKey}) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            // A result of other settings no longer holds.
            ++m_testGeneration;
            m_testRunning = false;
            m_testResult->clear();
            validate();
        });
    }
    connect(m_pathStyle, &QCheckBox::toggled, this, [this] {
        ++m_testGeneration;
        m_testRunning = false;
        m_testResult->clear();
        validate();
    });
    connect(m_test, &QPushButton::clicked, this, &LocationDialog::testConnection);
    validate();
}

bool LocationDialog::isS3() const
{
    return m_s3Radio->isChecked();
}

void LocationDialog::setS3(bool s3)
{
    (s3 ? m_s3Radio : m_localRadio)->setChecked(true);
}

QString LocationDialog::location() const
{
    if (isS3())
        return ChainStore::canonicalLocation(
            QStringLiteral("s3://%1/%2").arg(m_bucket->text().trimmed(), keyOf(m_key->text())));
    const QString path = m_localPath->text().trimmed();
    return path.isEmpty() ? QString() : ChainStore::canonicalLocation(path);
}

S3Location LocationDialog::s3Settings() const
{
    S3Location s3;
    s3.endpoint = endpointOf(m_endpoint->text());
    s3.region = m_region->text().trimmed();
    s3.pathStyle = m_pathStyle->isChecked();
    s3.accessKey = m_accessKey->text().trimmed();
    if (s3.accessKey.isEmpty() || m_secretKey->text().isEmpty())
        s3.secretIn = S3Location::Secret::None;
    else if (!m_keyringChecked || m_keyringAvailable)
        s3.secretIn = S3Location::Secret::Keyring; // a write that fails after all says so in the log
    else
        s3.secretIn = m_secretFile->isChecked() ? S3Location::Secret::File : S3Location::Secret::None;
    return s3;
}

QString LocationDialog::secretKey() const
{
    return m_secretKey->text();
}

std::shared_ptr<const KeySecret> LocationDialog::newChainSecret() const
{
    if (!m_encrypt->isChecked() || !encryptProblem().isEmpty())
        return nullptr;
    QByteArray typed = m_encryptPassphrase->text().toUtf8();
    auto secret = std::make_shared<const KeySecret>(KeySecret{
        KeySecret::Kind::Passphrase, SecretBytes::fromBytes(typed), tr("the passphrase given for the new chain")});
    wipe(typed);
    return secret;
}

QString LocationDialog::encryptProblem() const
{
    if (!m_encrypt->isChecked())
        return {};
    if (m_encryptPassphrase->text().isEmpty())
        return tr("Encryption: type the new chain's passphrase twice.");
    if (m_encryptConfirm->text() != m_encryptPassphrase->text())
        return tr("Encryption: the two passphrases differ.");
    return {};
}

QString LocationDialog::localProblem() const
{
    const QString path = m_localPath->text().trimmed();
    if (path.isEmpty())
        return tr("Choose the file of the chain's full snapshot (Browse…), or write its absolute path.");
    if (ChainStore::isRemote(path))
        return tr("That is an S3 location: choose S3-compatible object storage above.");
    if (QDir::isRelativePath(path))
        return tr("Write the full snapshot's absolute path, e.g. /backups/%1.").arg(m_nodeName);
    if (QFileInfo(path).isDir())
        return tr("'%1' is a folder: give the full snapshot's file in it, e.g. %2.")
            .arg(path, QDir(path).filePath(m_nodeName));
    return {};
}

QString LocationDialog::s3Problem() const
{
    const QString endpoint = endpointOf(m_endpoint->text());
    const QString bucket = m_bucket->text().trimmed();
    const QString key = keyOf(m_key->text());
    if (!endpoint.isEmpty()) {
        if (!S3Settings::isEndpointUrl(endpoint))
            return tr("Endpoint: write it as http://HOST[:PORT] or https://HOST[:PORT], or leave it empty for AWS.");
    }
    if (bucket.isEmpty())
        return tr("Bucket: give the bucket's name.");
    if (bucket.contains(QLatin1Char('/')) || bucket.contains(QLatin1Char(' ')) || bucket.contains(QLatin1Char(':')))
        return tr("Bucket: '%1' is not a bucket name; a path inside the bucket goes into the chain's key.").arg(bucket);
    if (key.isEmpty())
        return tr("Chain key: give the object of the full snapshot, e.g. tidemark/%1.").arg(m_nodeName);
    if (key.endsWith(QLatin1Char('/')))
        return tr("Chain key: '%1' ends with '/', a folder; add the full snapshot's name, e.g. %1%2.")
            .arg(key, m_nodeName);
    const bool access = !m_accessKey->text().trimmed().isEmpty();
    const bool secret = !m_secretKey->text().isEmpty();
    if (access && !secret)
        return tr("Secret key: give the access key's secret key too, or leave both empty.");
    if (!access && secret)
        return tr("Access key: give the access key id of this secret key, or leave both empty.");
    return {};
}

void LocationDialog::validate()
{
    const bool s3 = isS3();
    QString problem = s3 ? s3Problem() : localProblem();
    if (problem.isEmpty())
        problem = encryptProblem();
    // Nothing typed yet is no mistake to show in red: OK stays disabled all the same.
    const bool untouched = s3 ? m_bucket->text().isEmpty() && m_key->text().isEmpty() : m_localPath->text().isEmpty();
    m_problem->setText(untouched ? QString() : problem);
    m_problem->setVisible(!untouched && !problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    m_test->setEnabled(s3 && problem.isEmpty() && !m_testRunning);
    m_url->setText(
        s3 && problem.isEmpty()
            ? tr("%1 (incrementals: %2.0, %2.1, …)").arg(location(), location().section(QLatin1Char('/'), -1))
            : tr("—"));
    m_secretFile->setEnabled(!m_secretKey->text().isEmpty());
    ui::fitHeight(*this);
}

void LocationDialog::browse()
{
    const QString current = m_localPath->text().trimmed();
    const QString start = current.isEmpty() ? QDir::home().filePath(m_nodeName) : current;
    auto *dialog =
        new QFileDialog(this, tr("Backup chain of %1: the full snapshot's file (new or existing)").arg(m_nodeName));
    dialog->setObjectName(QStringLiteral("locationFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setOption(QFileDialog::DontConfirmOverwrite);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDirectory(QFileInfo(start).path());
    dialog->selectFile(QFileInfo(start).fileName());
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { m_localPath->setText(QFileInfo(path).absoluteFilePath()); });
    dialog->open();
}

void LocationDialog::checkKeyring()
{
    if (m_keyringChecking || m_keyringChecked)
        return;
    m_keyringChecking = true;
    m_keyringLabel->setText(tr("Checking the system keyring…"));
    Keyring::instance().check(this, [this](const Keyring::Answer &answer) {
        m_keyringChecking = false;
        m_keyringChecked = true;
        m_keyringAvailable = answer.outcome == Keyring::Outcome::Ok;
        m_keyringError = Keyring::describe(answer);
        showKeyringState();
        Q_EMIT keyringCheckFinished();
    });
}

void LocationDialog::showKeyringState()
{
    if (m_keyringAvailable) {
        m_keyringLabel->setText(
            tr("The secret key is kept in the system keyring (service \"%1\").").arg(Keyring::service()));
        m_keyringLabel->setStyleSheet(QString());
        m_secretFile->setVisible(false);
        return;
    }
    m_keyringLabel->setText(tr("⚠ %1 The secret key will not be stored: it serves until Tidemark quits; then "
                               "Tidemark uses AWS_SECRET_ACCESS_KEY or ~/.aws/credentials instead. Or keep it in "
                               "the token file:")
                                .arg(m_keyringError));
    m_keyringLabel->setStyleSheet(QStringLiteral("color: #b06000"));
    m_secretFile->setVisible(true);
    validate();
    ui::fitHeight(*this);
}

void LocationDialog::testConnection()
{
    if (!isS3() || !s3Problem().isEmpty())
        return;
    const QString location = this->location();
    const S3Location s3 = s3Settings();
    // The store resolves its settings when it is made: the typed ones are registered for the
    // location just for that, then the known ones (or none) again.
    S3Settings::Overrides overrides;
    overrides.endpoint = s3.endpoint;
    overrides.region = s3.region;
    overrides.pathStyle = s3.pathStyle;
    overrides.accessKey = s3.accessKey;
    overrides.secretKey = m_secretKey->text();
    S3Settings::setOverrides(overrides, location);
    auto store = std::make_shared<const S3ChainStore>(location);
    if (m_store)
        m_store->registerS3Location(location);
    else
        S3Settings::setOverrides({}, location);

    const int generation = ++m_testGeneration;
    m_testRunning = true;
    m_test->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Listing %1…").arg(location));
    auto *watcher = new QFutureWatcher<Result<int>>(this);
    connect(watcher, &QFutureWatcher<Result<int>>::finished, this, [this, watcher, generation, location] {
        watcher->deleteLater();
        if (generation != m_testGeneration)
            return;
        m_testRunning = false;
        validate();
        const Result<int> listed = watcher->result();
        QString text;
        if (!listed) {
            const Error &error = listed.error();
            text = tr("✖ %1").arg(error.message);
            if (!error.hint.isEmpty())
                text += QLatin1Char('\n') + error.hint;
        } else if (listed.value() == 0) {
            text = tr("✔ OK: nothing under %1 yet; the first backup starts the chain there.").arg(location);
        } else {
            text = tr("✔ OK: %n object(s) under %1.", nullptr, listed.value()).arg(location);
        }
        m_testResult->setText(text);
        m_testResult->setStyleSheet(listed ? QStringLiteral("color: #2e7d32") : QStringLiteral("color: #b00020"));
        ui::fitHeight(*this);
        Q_EMIT testFinished(listed.ok(), text);
    });
    watcher->setFuture(QtConcurrent::run([store]() -> Result<int> {
        auto objects = store->probe(testRetry());
        if (!objects)
            return objects.error();
        return static_cast<int>(objects.value().size());
    }));
}

} // namespace tidemark::ui
