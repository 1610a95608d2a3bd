#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QTreeWidget;

namespace tidemark::ui {

class RestoreWizard;

/// Page 3: the plan (what is removed, what is written and from which link, sizes, broker index,
/// owner) and an explicit confirmation; the Restore button commits.
class RestorePlanPage : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY(RestorePlanPage)

public:
    explicit RestorePlanPage(RestoreWizard *wizard);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;

private:
    RestoreWizard *m_wizard;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QCheckBox *m_confirm;
};

} // namespace tidemark::ui
