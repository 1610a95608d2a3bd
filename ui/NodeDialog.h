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
class QTabWidget;
class QWidget;

namespace tidemark::ui {

class ScheduleTab;

/// Adds or edits one node: its kind (Tidemark or InfluxDB 1.x), name, HOST:PORT of its snapshot
/// service (the default port follows the kind: 8808 or 8088), auth token (Tidemark only: influxd's
/// snapshot service has none), the databases to back up (InfluxDB only, empty: all) and after how
/// many hours its last backup counts as stale, TLS to the snapshot service with an optional CA
/// certificate file (Tidemark only: influxd's snapshot service has no TLS) and how many times a
/// backup is retried after a lost connection, and at most how many links a chain gets before the
/// next backup rolls it onto a synthetic full (maxLinksSpin, 0: no limit). OK stays disabled while HOST:PORT does not
/// parse or a CA certificate file is given that cannot be read. Under the token, one sentence says where it is kept:
/// the system keyring, or the 0600 token file where none runs (tokenStorageLabel).
///
/// Two tabs (nodeTabs): "Node" holds the fields above, "Schedule" (ScheduleTab) when each of the
/// node's locations is backed up by itself. OK first writes the schedules (on a pool thread; the
/// dialog waits, and stays open with the reason in problemLabel when one cannot be written), then
/// accepts; scheduleLog() carries what was done to the log.
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
    /// The settings of the node's S3 locations, for its schedules.
    void setS3Locations(const QHash<QString, S3Location> &s3);
    [[nodiscard]] ScheduleTab *scheduleTab() const { return m_schedule; }
    /// Shows the Schedule tab.
    void showScheduleTab();

    /// Writes the schedules, then accepts (or stays open with the reason).
    void accept() override;
    /// Not while the schedules are being written.
    void reject() override;

Q_SIGNALS:
    /// A line for the log: a schedule written or removed (error: one that could not be).
    void scheduleLog(const QString &text, bool error);

private:
    void validate();
    /// A field changed: a reason the schedules could not be written no longer holds.
    void edited();
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
    QTabWidget *m_tabs;
    ScheduleTab *m_schedule;
    QLabel *m_problem;
    QString m_applyProblem; ///< Why the schedules could not be written (until a field changes).
    QDialogButtonBox *m_buttons;
};

} // namespace tidemark::ui
