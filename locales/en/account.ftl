## Balance, history, usage and deposit.

balance-account = Account { $account } — { $address }
balance-due = Balance due: { $amount }, due { $due_date }.
balance-past-due = Balance due: { $amount }. ⚠ This was due { $due_date } and is past due. Please pay as soon as you can to avoid late charges.
balance-zero = Nothing is due. Thank you!
balance-credit = You have a credit of { $amount }.
balance-no-bill = No bill yet on this account.
balance-next-statement = Next statement: { $date }.
balance-pending = Payment of { $amount } on { $date }: { $status } (not yet subtracted above).
payment-status-pending = pending
payment-status-submitted = being processed
payment-status-posted = received
payment-status-cancelled = cancelled

history-header = History for account { $account } (page { $page } of { $pages }):
history-bill = { $date } · Bill { $amount } for { $energy }, due { $due_date }
history-payment = { $date } · Payment { $amount } ({ $status })
history-empty = There are no bills or payments on account { $account } in the last 36 months.
history-more-prompt = Show older entries?

usage-latest = Account { $account }: your latest bill covers { $from } to { $to } ({ $days } days): { $energy }.
usage-vs-previous = { $direction ->
    [up] That's { $percent }% more than the bill before ({ $energy }, { $from } to { $to }).
    [down] That's { $percent }% less than the bill before ({ $energy }, { $from } to { $to }).
   *[same] That's the same as the bill before ({ $energy }, { $from } to { $to }).
}
usage-vs-year = { $direction ->
    [up] A year earlier you used { $energy } ({ $from } to { $to }): { $percent }% less than now.
    [down] A year earlier you used { $energy } ({ $from } to { $to }): { $percent }% more than now.
   *[same] A year earlier you used { $energy } ({ $from } to { $to }), the same as now.
}
usage-no-year = There is no bill from a year earlier to compare with.
usage-no-bills = There are no bills on account { $account } yet, so there is no usage to show.
usage-range-offer = Would you like usage between two dates?
choice-usage-range = Usage between two dates
usage-ask-from = From which date? (for example 2026-06-01 or 6/1/2026)
usage-ask-to = To which date?
usage-range = Account { $account }, { $from } to { $to }: { $energy } over { $days } days with readings, { $average } a day on average.
usage-range-empty = There are no meter readings for account { $account } between { $from } and { $to }.
usage-range-reversed = The end date is before the start date. Let's try again.
usage-range-outside = I have readings from { $earliest } to { $latest }. Please choose dates in that range.
usage-chart-title = Monthly electricity use, account { $account }
usage-chart-axis = kWh per month
choice-usage-csv = Daily readings as a spreadsheet (CSV)
usage-export = Here are the daily meter readings for account { $account } from { $from } to { $to } ({ $days } days), as a CSV file.
usage-export-empty = There are no daily meter readings for account { $account } to export.

deposit-held = Account { $account } has a deposit of { $amount } on file.
deposit-none = Account { $account } has no deposit.
