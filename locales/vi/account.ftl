## Số dư, lịch sử, điện năng và tiền đặt cọc.

balance-account = Tài khoản { $account } — { $address }
balance-due = Số tiền phải trả: { $amount }, hạn chót { $due_date }.
balance-past-due = Số tiền phải trả: { $amount }. ⚠ Hạn chót là { $due_date } và đã quá hạn. Vui lòng thanh toán sớm để tránh phí trễ hạn.
balance-zero = Bạn không còn nợ gì. Cảm ơn bạn!
balance-credit = Bạn có số dư có { $amount }.
balance-no-bill = Tài khoản này chưa có hóa đơn.
balance-next-statement = Kỳ hóa đơn tiếp theo: { $date }.
balance-pending = Khoản thanh toán { $amount } ngày { $date }: { $status } (chưa được trừ ở trên).
payment-status-pending = đang chờ
payment-status-submitted = đang xử lý
payment-status-posted = đã nhận
payment-status-cancelled = đã hủy

history-header = Lịch sử của tài khoản { $account } (trang { $page }/{ $pages }):
history-bill = { $date } · Hóa đơn { $amount } cho { $energy }, hạn chót { $due_date }
history-payment = { $date } · Thanh toán { $amount } ({ $status })
history-empty = Tài khoản { $account } không có hóa đơn hay khoản thanh toán nào trong 36 tháng qua.
history-more-prompt = Xem các mục cũ hơn?

usage-latest = Tài khoản { $account }: hóa đơn gần nhất tính từ { $from } đến { $to } ({ $days } ngày): { $energy }.
usage-vs-previous = { $direction ->
    [up] Nhiều hơn { $percent }% so với hóa đơn trước ({ $energy }, từ { $from } đến { $to }).
    [down] Ít hơn { $percent }% so với hóa đơn trước ({ $energy }, từ { $from } đến { $to }).
   *[same] Bằng với hóa đơn trước ({ $energy }, từ { $from } đến { $to }).
}
usage-vs-year = { $direction ->
    [up] Cùng kỳ năm trước bạn dùng { $energy } (từ { $from } đến { $to }): ít hơn bây giờ { $percent }%.
    [down] Cùng kỳ năm trước bạn dùng { $energy } (từ { $from } đến { $to }): nhiều hơn bây giờ { $percent }%.
   *[same] Cùng kỳ năm trước bạn dùng { $energy } (từ { $from } đến { $to }), bằng với bây giờ.
}
usage-no-year = Không có hóa đơn cùng kỳ năm trước để so sánh.
usage-no-bills = Tài khoản { $account } chưa có hóa đơn nên chưa có điện năng để hiển thị.
usage-range-offer = Bạn có muốn xem điện năng giữa hai ngày không?
choice-usage-range = Điện năng giữa hai ngày
usage-ask-from = Từ ngày nào? (ví dụ 01/06/2026 hoặc 2026-06-01)
usage-ask-to = Đến ngày nào?
usage-range = Tài khoản { $account }, từ { $from } đến { $to }: { $energy } trong { $days } ngày có số liệu, trung bình { $average } mỗi ngày.
usage-range-empty = Không có số liệu công tơ cho tài khoản { $account } từ { $from } đến { $to }.
usage-range-reversed = Ngày kết thúc trước ngày bắt đầu. Chúng ta thử lại nhé.
usage-range-outside = Tôi có số liệu từ { $earliest } đến { $latest }. Vui lòng chọn ngày trong khoảng đó.
usage-chart-title = Điện năng tiêu thụ hằng tháng, tài khoản { $account }
usage-chart-axis = kWh mỗi tháng
choice-usage-csv = Số liệu hằng ngày dạng bảng tính (CSV)
usage-export = Đây là số liệu công tơ hằng ngày của tài khoản { $account } từ { $from } đến { $to } ({ $days } ngày), dạng tệp CSV.
usage-export-empty = Tài khoản { $account } không có số liệu công tơ hằng ngày để xuất.

deposit-held = Tài khoản { $account } có khoản tiền đặt cọc { $amount }.
deposit-none = Tài khoản { $account } không có tiền đặt cọc.
