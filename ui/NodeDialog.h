#pragma once

#include "NodeStore.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;
class QDialogButtonBox;

namespace tidemark::ui {

/// Adds or edits one node: name, HOST:PORT of its snapshot service, auth token, and after how
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

    NodeEntry m_entry;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QLineEdit *m_token;
    QSpinBox *m_staleHours;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace tidemark::ui
