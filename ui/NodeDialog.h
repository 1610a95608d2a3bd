#pragma once

#include "NodeStore.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QDialogButtonBox;
class QWidget;

namespace tidemark::ui {

/// Adds or edits one node: its kind (Tidemark or InfluxDB 1.x), name, HOST:PORT of its snapshot
/// service (the default port follows the kind: 8808 or 8088), auth token (Tidemark only: influxd's
/// snapshot service has none), the databases to back up (InfluxDB only, empty: all) and after how
/// many hours its last backup counts as stale, TLS to the snapshot service with an optional CA
/// certificate file (Tidemark only: influxd's snapshot service has no TLS) and how many times a
/// backup is retried after a lost connection, and at most how many links a chain gets before the
/// next backup rolls it onto a synthetic full (maxLinksSpin, 0: no limit). OK stays disabled while HOST:PORT does not
/// parse or a CA certificate file is given that cannot be read. Under the token, one sentence says where it is kept:
/// the system keyring, or the 0600 token file where none runs (tokenStorageLabel).
class NodeDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(NodeDialog)

public:
    explicit NodeDialog(QWidget *parent = nullptr);

    void setEntry(const NodeEntry &entry, const QByteArray &token);
    /// The edited entry (id and locations as given to setEntry()).
    [[nodiscard]] NodeEntry entry() const;
    [[nodiscard]] QByteArray token() const;
    /// Where the token is kept, in one sentence (NodeStore::tokenStorageText()).
    void setTokenStorage(const QString &sentence);

private:
    void validate();
    /// Follows the kind: the default port, the token field, the databases and TLS rows.
    void kindChanged();
    /// Asks for the CA certificate file (a non-native dialog, object name caFileDialog).
    void browseCaFile();
    /// Why the CA certificate field cannot be used, or empty.
    [[nodiscard]] QString caFileProblem() const;
    [[nodiscard]] Manifest::Kind kind() const;

    NodeEntry m_entry;
    QComboBox *m_kind;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QLineEdit *m_token;
    QLabel *m_tokenStorage;
    QLineEdit *m_databases;
    QFormLayout *m_form = nullptr;
    QSpinBox *m_staleHours;
    QCheckBox *m_tls;
    QLineEdit *m_caFile;
    QWidget *m_caRow;
    QSpinBox *m_retries;
    QSpinBox *m_maxLinks;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace tidemark::ui
