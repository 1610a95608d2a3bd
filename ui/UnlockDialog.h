#pragma once

#include "crypto/ChainKeys.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QWidget;

namespace tidemark::ui {

/// Unlock…: opens an encrypted chain for this session. The operator gives the chain's passphrase
/// (echo off) or a key file (Browse…, a non-native chooser, object name keyFileDialog); Unlock
/// checks it against the chain's keys (ChainKeys::unlock, Argon2id: a fraction of a second) on a
/// pool thread while the dialog shows that it is busy, and on success keeps the chain's data key
/// for the session (ChainSecrets::remember), so every later read and job of the chain works. A
/// secret that opens no key leaves the dialog open with the reason.
///
/// "Remember the passphrase in the system keyring" keeps the passphrase under
/// Keyring::keyForChainPassphrase(location); the chain pane tries it when it next finds the chain
/// locked. Where no keyring runs (Keyring::check) the box is off and disabled, and the dialog
/// says that the passphrase is not kept anywhere: a passphrase never goes into the settings or
/// the token file.
///
/// Object names (for tests): passphraseRadio, keyFileRadio, passphraseEdit, keyFileEdit,
/// keyFileBrowseButton, rememberCheck, keyringLabel, busyBar, errorLabel, unlockButton.
class UnlockDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(UnlockDialog)

public:
    /// For the chain at `location`, whose keys (its keys file) are `keys`.
    UnlockDialog(const QString &location, ChainKeys keys, QWidget *parent = nullptr);

    [[nodiscard]] const QString &location() const { return m_location; }
    /// The kinds of keys a chain has, for the user: "1 passphrase", "2 passphrases, 1 key file".
    [[nodiscard]] static QString describeKeys(const ChainKeys &keys);
    /// Checks the secret given (as the Unlock button does); unlocked() or failed() follows.
    void unlock();
    [[nodiscard]] bool isBusy() const { return m_busy; }
    /// Whether the keyring check answered; keyringAvailable() is valid then.
    [[nodiscard]] bool keyringChecked() const { return m_keyringChecked; }
    [[nodiscard]] bool keyringAvailable() const { return m_keyringAvailable; }

Q_SIGNALS:
    /// The secret opened the chain: its key is kept for the session; the dialog closes (accepted).
    void unlocked(const QString &location);
    /// The secret did not open the chain (or could not be read): `message` is shown.
    void failed(const QString &message);
    /// The keyring check answered.
    void keyringCheckFinished();
    /// The passphrase was not kept in the keyring after all: a sentence for the log.
    void keyringProblem(const QString &message);

private:
    void updateState();
    void browse();
    void finish(bool ok, const QString &error);

    QString m_location;
    ChainKeys m_keys;
    QRadioButton *m_passphraseRadio;
    QRadioButton *m_keyFileRadio;
    QLineEdit *m_passphrase;
    QWidget *m_keyFileRow;
    QLineEdit *m_keyFile;
    QCheckBox *m_remember;
    QLabel *m_keyringLabel;
    QProgressBar *m_busyBar;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_unlockButton;
    bool m_busy = false;
    bool m_keyringChecked = false;
    bool m_keyringAvailable = false;
};

} // namespace tidemark::ui
