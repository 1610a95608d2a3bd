#pragma once

#include "NodeStore.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QStackedWidget;

namespace tidemark::ui {

/// Add location…: where a node's new backup chain lives. Either a local file (the full
/// snapshot's path; Browse… opens a file chooser, object name locationFileDialog) or an S3
/// location `s3://BUCKET/KEY` on AWS or any S3-compatible store: endpoint (empty: AWS), region,
/// bucket, the chain's key, path-style addressing, access key and secret key (both empty: the
/// AWS environment or profile).
///
/// The secret key goes to the system keyring (Keyring). Where none runs, the dialog says so and
/// offers the 0600 token file instead; left unticked, the secret serves this session only.
/// Test connection lists the chain's prefix with S3ChainStore::probe() on a pool thread and
/// shows what it found or the store's error (DNS, TLS, refused, 403, no such bucket) with its
/// fix. OK stays disabled while a field is wrong (problemLabel says which).
///
/// "Encrypt the new chain" (both kinds) asks for a passphrase twice: the first backup into the
/// empty location makes it an encrypted chain with that passphrase as its first key
/// (newChainSecret(), held in memory by NodeStore::setNewChainSecret; a location that holds a
/// chain already keeps what it is). The passphrase is not written anywhere by the dialog.
///
/// Object names (for tests): encryptCheck, encryptPassphraseEdit, encryptConfirmEdit, localRadio, s3Radio,
/// localPathEdit, browseButton, endpointEdit, regionEdit, bucketEdit, keyEdit, pathStyleCheck, accessKeyEdit,
/// secretKeyEdit, keyringLabel, secretFileCheck, credentialsHint, urlLabel, testConnectionButton, testResultLabel,
/// problemLabel.
class LocationDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(LocationDialog)

public:
    /// For node `nodeName`; `store` (may be null) re-registers a known location's settings after
    /// a test connection used the typed ones.
    explicit LocationDialog(const QString &nodeName, const NodeStore *store = nullptr, QWidget *parent = nullptr);

    [[nodiscard]] bool isS3() const;
    /// The chosen location: an absolute local path, or `s3://BUCKET/KEY` (canonical).
    [[nodiscard]] QString location() const;
    /// The S3 location's settings; secretIn says where its secret key is to be kept.
    [[nodiscard]] S3Location s3Settings() const;
    [[nodiscard]] QString secretKey() const;
    /// The passphrase of a new encrypted chain (Encrypt the new chain), or nullptr.
    [[nodiscard]] std::shared_ptr<const KeySecret> newChainSecret() const;
    /// Shows S3 (true) or the local file (false).
    void setS3(bool s3);
    /// Runs Test connection (as its button does); testFinished() follows.
    void testConnection();
    /// Whether the keyring check answered; keyringAvailable() is valid then.
    [[nodiscard]] bool keyringChecked() const { return m_keyringChecked; }
    [[nodiscard]] bool keyringAvailable() const { return m_keyringAvailable; }

Q_SIGNALS:
    /// Test connection ended: `ok`, and the text shown.
    void testFinished(bool ok, const QString &text);
    /// The keyring check answered (keyringAvailable()).
    void keyringCheckFinished();

private:
    void validate();
    /// Why the S3 fields cannot make a location, or empty.
    [[nodiscard]] QString s3Problem() const;
    [[nodiscard]] QString localProblem() const;
    /// Why the new chain's passphrase cannot be taken (empty, the two differ), or empty.
    [[nodiscard]] QString encryptProblem() const;
    void browse();
    void checkKeyring();
    void showKeyringState();

    const NodeStore *m_store;
    QString m_nodeName;
    QRadioButton *m_localRadio;
    QRadioButton *m_s3Radio;
    QStackedWidget *m_pages;
    QLineEdit *m_localPath;
    QLineEdit *m_endpoint;
    QLineEdit *m_region;
    QLineEdit *m_bucket;
    QLineEdit *m_key;
    QCheckBox *m_pathStyle;
    QLineEdit *m_accessKey;
    QLineEdit *m_secretKey;
    QLabel *m_keyringLabel;
    QCheckBox *m_secretFile;
    QLabel *m_credentialsHint;
    QLabel *m_url;
    QPushButton *m_test;
    QLabel *m_testResult;
    QCheckBox *m_encrypt;
    QWidget *m_encryptFields;
    QLineEdit *m_encryptPassphrase;
    QLineEdit *m_encryptConfirm;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_pathStyleTouched = false; ///< The user set path style: the endpoint no longer does.
    bool m_keyringChecking = false;
    bool m_keyringChecked = false;
    bool m_keyringAvailable = false;
    QString m_keyringError;
    int m_testGeneration = 0;
    bool m_testRunning = false;
};

} // namespace tidemark::ui
