// FilterBar: the row above a session's log that drives its TrafficFilterModel: action text or
// regular expression, direction, statuses, a search through bodies (debounced, so typing stays
// fluid on a large log) and the shown/total count.
#ifndef FILTERBAR_H
#define FILTERBAR_H

#include "trafficlogmodel.h"

#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class TrafficFilterModel;

class FilterBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int SearchDelayMs = 300;

    explicit FilterBar(TrafficFilterModel *filterModel, QWidget *parent = nullptr);
    ~FilterBar() override;

    //! Puts the keyboard focus in the action filter, its text selected (Edit > Find).
    void focusActionFilter();
    void clearFilters();
    void setStatusFilter(const QList<TrafficRecord::Status> &statuses);
    QList<TrafficRecord::Status> statusFilter() const;

    //! The display name of \a status, as the filter menu shows it.
    static QString statusName(TrafficRecord::Status status);

    QLineEdit *actionEdit() const { return m_actionEdit; }
    QToolButton *regexButton() const { return m_regexButton; }
    QComboBox *directionCombo() const { return m_directionCombo; }
    QToolButton *statusButton() const { return m_statusButton; }
    QLineEdit *searchEdit() const { return m_searchEdit; }
    QLabel *countLabel() const { return m_countLabel; }

private:
    void applyActionFilter();
    void applyDirectionFilter();
    void applyStatusFilter();
    void updateCounts(int shown, int total);

    TrafficFilterModel *m_filterModel;
    QLineEdit *m_actionEdit = nullptr;
    QToolButton *m_regexButton = nullptr;
    QComboBox *m_directionCombo = nullptr;
    QToolButton *m_statusButton = nullptr;
    QMenu *m_statusMenu = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QLabel *m_countLabel = nullptr;
    QTimer m_searchTimer;
};

#endif // FILTERBAR_H
