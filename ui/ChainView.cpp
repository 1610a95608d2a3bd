#include "ChainView.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>

namespace tidemark::ui {

namespace {

QString cardStyle(ChainView::Verification state)
{
    const char *border = state == ChainView::Verification::Verified ? "#2e7d32"
                         : state == ChainView::Verification::Failed ? "#c62828"
                                                                    : "#8a8f98";
    return QStringLiteral(
               "QToolButton { border: 2px solid %1; border-radius: 8px; padding: 6px 10px; text-align: left; }"
               "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); }")
        .arg(QLatin1String(border));
}

} // namespace

ChainView::ChainView(QWidget *parent)
    : QWidget(parent), m_scroll(new QScrollArea(this)), m_strip(new QWidget), m_layout(new QHBoxLayout(m_strip)),
      m_empty(new QLabel(this)), m_group(new QButtonGroup(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(m_strip);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::StyledPanel);
    m_layout->setSpacing(4);
    m_layout->addStretch(1);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setObjectName(QStringLiteral("chainEmptyLabel"));
    outer->addWidget(m_scroll);
    outer->addWidget(m_empty);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idClicked, this, &ChainView::linkSelected);
    setMinimumHeight(150);
}

void ChainView::setCards(const std::vector<Card> &cards, const QString &emptyText)
{
    const int previous = selectedLink();
    for (QToolButton *button : m_buttons)
        m_group->removeButton(button);
    m_buttons.clear();
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (size_t i = 0; i < cards.size(); ++i) {
        const Card &card = cards[i];
        if (i > 0) {
            auto *arrow = new QLabel(QStringLiteral("➜"), m_strip);
            QFont font = arrow->font();
            font.setPointSizeF(font.pointSizeF() * 1.8);
            arrow->setFont(font);
            m_layout->addWidget(arrow);
        }
        auto *button = new QToolButton(m_strip);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setText(
            QStringLiteral("%1\n%2\n%3\n%4 · %5\n%6\n%7")
                .arg(card.title, card.fileName, card.created, card.size, card.files, card.index, card.verification));
        button->setToolTip(card.fileName);
        button->setStyleSheet(cardStyle(card.state));
        button->setObjectName(QStringLiteral("chainLink%1").arg(i));
        m_group->addButton(button, static_cast<int>(i));
        m_layout->addWidget(button);
        m_buttons.push_back(button);
    }
    m_layout->addStretch(1);
    m_empty->setText(emptyText);
    m_empty->setVisible(cards.empty());
    m_scroll->setVisible(!cards.empty());
    if (!cards.empty())
        selectLink(previous >= 0 && previous < count() ? previous : count() - 1);
}

int ChainView::count() const
{
    return static_cast<int>(m_buttons.size());
}

int ChainView::selectedLink() const
{
    return m_group->checkedId();
}

void ChainView::selectLink(int index)
{
    if (index < 0 || index >= count())
        return;
    m_buttons[static_cast<size_t>(index)]->setChecked(true);
    m_scroll->ensureWidgetVisible(m_buttons[static_cast<size_t>(index)]);
    Q_EMIT linkSelected(index);
}

QToolButton *ChainView::cardButton(int index) const
{
    return index >= 0 && index < count() ? m_buttons[static_cast<size_t>(index)] : nullptr;
}

} // namespace tidemark::ui
