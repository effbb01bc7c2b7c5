#include "filterbar.h"

#include "trafficfiltermodel.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QToolButton>

#include <optional>

namespace {

const TrafficRecord::Status AllStatuses[] = {
    TrafficRecord::Fired,      TrafficRecord::Pending,        TrafficRecord::Answered,
    TrafficRecord::Failed,     TrafficRecord::TimedOut,       TrafficRecord::Response,
    TrafficRecord::ErrorReply, TrafficRecord::ExceptionReply, TrafficRecord::Malformed,
};

} // namespace

FilterBar::FilterBar(TrafficFilterModel *filterModel, QWidget *parent)
    : QWidget(parent)
    , m_filterModel(filterModel)
{
    setObjectName(QStringLiteral("filterBar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_actionEdit = new QLineEdit(this);
    m_actionEdit->setObjectName(QStringLiteral("actionFilter"));
    m_actionEdit->setPlaceholderText(tr("Filter by action"));
    m_actionEdit->setClearButtonEnabled(true);
    m_actionEdit->setToolTip(tr("Show only the commands whose action contains this text (Ctrl+F)"));
    layout->addWidget(m_actionEdit, 2);

    m_regexButton = new QToolButton(this);
    m_regexButton->setObjectName(QStringLiteral("regexToggle"));
    m_regexButton->setText(QStringLiteral(".*"));
    m_regexButton->setCheckable(true);
    m_regexButton->setToolTip(tr("Read the action filter as a regular expression"));
    layout->addWidget(m_regexButton);

    m_directionCombo = new QComboBox(this);
    m_directionCombo->setObjectName(QStringLiteral("directionFilter"));
    m_directionCombo->addItem(tr("In and out"));
    m_directionCombo->addItem(tr("Incoming"), int(TrafficRecord::Incoming));
    m_directionCombo->addItem(tr("Outgoing"), int(TrafficRecord::Outgoing));
    m_directionCombo->setToolTip(tr("Show commands going one way only"));
    layout->addWidget(m_directionCombo);

    m_statusButton = new QToolButton(this);
    m_statusButton->setObjectName(QStringLiteral("statusFilter"));
    m_statusButton->setPopupMode(QToolButton::InstantPopup);
    m_statusButton->setToolTip(tr("Show only commands with the checked statuses"));
    m_statusMenu = new QMenu(m_statusButton);
    for (TrafficRecord::Status status : AllStatuses) {
        QAction *action = m_statusMenu->addAction(statusName(status));
        action->setCheckable(true);
        action->setData(int(status));
        connect(action, &QAction::toggled, this, &FilterBar::applyStatusFilter);
    }
    m_statusMenu->addSeparator();
    QAction *all = m_statusMenu->addAction(tr("Show All"));
    connect(all, &QAction::triggered, this, [this] { setStatusFilter({}); });
    m_statusButton->setMenu(m_statusMenu);
    layout->addWidget(m_statusButton);

    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("bodySearch"));
    m_searchEdit->setPlaceholderText(tr("Search bodies"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->setToolTip(tr("Show only the commands whose body contains this text"));
    layout->addWidget(m_searchEdit, 2);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_countLabel->setToolTip(tr("Commands shown / commands in the log"));
    layout->addWidget(m_countLabel);

    // Searching bodies walks every row: wait until the typing pauses.
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDelayMs);
    connect(&m_searchTimer, &QTimer::timeout, this,
            [this] { m_filterModel->setBodySearch(m_searchEdit->text()); });
    connect(m_searchEdit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_searchEdit, &QLineEdit::returnPressed, this, [this] {
        m_searchTimer.stop();
        m_filterModel->setBodySearch(m_searchEdit->text());
    });
    connect(m_actionEdit, &QLineEdit::textChanged, this, &FilterBar::applyActionFilter);
    connect(m_regexButton, &QToolButton::toggled, this, &FilterBar::applyActionFilter);
    connect(m_directionCombo, &QComboBox::currentIndexChanged, this,
            &FilterBar::applyDirectionFilter);
    connect(m_filterModel, &TrafficFilterModel::countsChanged, this, &FilterBar::updateCounts);

    applyStatusFilter();
    updateCounts(m_filterModel->shownCount(), m_filterModel->totalCount());
}

FilterBar::~FilterBar() = default;

void FilterBar::focusActionFilter()
{
    m_actionEdit->setFocus(Qt::ShortcutFocusReason);
    m_actionEdit->selectAll();
}

void FilterBar::clearFilters()
{
    m_actionEdit->clear();
    m_directionCombo->setCurrentIndex(0);
    setStatusFilter({});
    m_searchEdit->clear();
    m_searchTimer.stop();
    m_filterModel->setBodySearch(QString());
}

void FilterBar::setStatusFilter(const QList<TrafficRecord::Status> &statuses)
{
    const QList<QAction *> actions = m_statusMenu->actions();
    for (QAction *action : actions) {
        if (!action->isCheckable())
            continue;
        const QSignalBlocker blocker(action);
        action->setChecked(statuses.contains(TrafficRecord::Status(action->data().toInt())));
    }
    applyStatusFilter();
}

QList<TrafficRecord::Status> FilterBar::statusFilter() const
{
    QList<TrafficRecord::Status> statuses;
    const QList<QAction *> actions = m_statusMenu->actions();
    for (const QAction *action : actions) {
        if (action->isCheckable() && action->isChecked())
            statuses.append(TrafficRecord::Status(action->data().toInt()));
    }
    return statuses;
}

QString FilterBar::statusName(TrafficRecord::Status status)
{
    switch (status) {
    case TrafficRecord::Fired:
        return tr("Fired");
    case TrafficRecord::Pending:
        return tr("Pending");
    case TrafficRecord::Answered:
        return tr("Answered");
    case TrafficRecord::Failed:
        return tr("Failed");
    case TrafficRecord::TimedOut:
        return tr("Timed out");
    case TrafficRecord::Response:
        return tr("Response");
    case TrafficRecord::ErrorReply:
        return tr("Error reply");
    case TrafficRecord::ExceptionReply:
        return tr("Exception reply");
    case TrafficRecord::Malformed:
        return tr("Malformed");
    }
    return QString();
}

void FilterBar::applyActionFilter()
{
    m_filterModel->setActionFilter(m_actionEdit->text(), m_regexButton->isChecked());
    const bool valid = m_filterModel->isActionFilterValid();
    // An invalid expression matches nothing: say why rather than show an empty log silently.
    m_actionEdit->setStyleSheet(valid ? QString()
                                      : QStringLiteral("QLineEdit { background: #fbe3e4; }"));
    m_actionEdit->setToolTip(valid ? tr("Show only the commands whose action contains this text "
                                        "(Ctrl+F)")
                                   : tr("Not a valid regular expression"));
}

void FilterBar::applyDirectionFilter()
{
    const QVariant data = m_directionCombo->currentData();
    m_filterModel->setDirectionFilter(data.isValid() ? std::optional<TrafficRecord::Direction>(
                                              TrafficRecord::Direction(data.toInt()))
                                                     : std::nullopt);
}

void FilterBar::applyStatusFilter()
{
    const QList<TrafficRecord::Status> statuses = statusFilter();
    m_filterModel->setStatusFilter(statuses);
    if (statuses.isEmpty())
        m_statusButton->setText(tr("All statuses"));
    else if (statuses.size() == 1)
        m_statusButton->setText(statusName(statuses.constFirst()));
    else
        m_statusButton->setText(tr("%n statuses", nullptr, int(statuses.size())));
}

void FilterBar::updateCounts(int shown, int total)
{
    m_countLabel->setText(tr("%1 / %2").arg(QLocale().toString(shown), QLocale().toString(total)));
}
