#pragma once

#include <QWidget>

#include <vector>

class QButtonGroup;
class QHBoxLayout;
class QLabel;
class QScrollArea;
class QToolButton;

namespace tidemark::ui {

/// Draws a backup chain as a chain: one card per link (full → .0 → .1 …) joined by arrows,
/// each card showing what the caller put in its Card. Clicking a card selects it.
class ChainView : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY(ChainView)

public:
    enum class Verification { Unknown, Verified, Failed };
    /// One link as shown: already formatted text.
    struct Card {
        QString title;    ///< "Full snapshot" or "Incremental .0"
        QString fileName; ///< The archive's file name.
        QString created;
        QString size;
        QString files;
        QString index;
        QString verification;
        Verification state = Verification::Unknown;
    };

    explicit ChainView(QWidget *parent = nullptr);

    /// Replaces the cards; `emptyText` is shown when there are none. Keeps the selection's
    /// position when it still exists, else selects the last card.
    void setCards(const std::vector<Card> &cards, const QString &emptyText);
    [[nodiscard]] int count() const;
    [[nodiscard]] int selectedLink() const;
    void selectLink(int index);
    /// The card button of link `index` (tests and screenshots).
    [[nodiscard]] QToolButton *cardButton(int index) const;

Q_SIGNALS:
    void linkSelected(int index);

private:
    QScrollArea *m_scroll;
    QWidget *m_strip;
    QHBoxLayout *m_layout;
    QLabel *m_empty;
    QButtonGroup *m_group;
    std::vector<QToolButton *> m_buttons;
};

} // namespace tidemark::ui
