#pragma once

#include "NodeStore.h"

#include <QDialog>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QDialogButtonBox;

namespace tidemark::ui {

/// Adds or edits one node: its kind (Tidemark or InfluxDB 1.x), name, HOST:PORT of its snapshot
/// service (the default port follows the kind: 8808 or 8088), auth token (Tidemark only: influxd's
/// snapshot service has none), the databases to back up (InfluxDB only, empty: all) and after how
/// many hours its last backup counts as stale. OK stays disabled while HOST:PORT does not parse.
class NodeDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(NodeDialog)

public:
    explicit NodeDialog(QWidget *parent = nullptr);

    void setEntry(const NodeEntry &entry, const QByteArray &token);
    /// The edited entry (id and locations as given to setEntry()).
    [[nodiscard]] NodeEntry entry() const;
    [[nodiscard]] QByteArray token() const;

private:
    void validate();
    /// Follows the kind: the default port, the token field and the databases row.
    void kindChanged();
    [[nodiscard]] Manifest::Kind kind() const;

    NodeEntry m_entry;
    QComboBox *m_kind;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QLineEdit *m_token;
    QLineEdit *m_databases;
    QFormLayout *m_form = nullptr;
    QSpinBox *m_staleHours;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace tidemark::ui
