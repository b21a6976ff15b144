## Kênh email: lệnh trả lời, thao tác cần bảo vệ, thông báo.

menu-unsubscribe = Ngừng nhận thông báo
unsubscribe-notices-done = Xong: chúng tôi sẽ không gửi thông báo (như "hóa đơn đã sẵn sàng") đến địa chỉ này nữa. Thư trả lời cho tin nhắn của bạn vẫn được gửi.

email-help-linked = Hãy trả lời email này bằng một trong các từ sau:
    SỐ DƯ: số dư và ngày đến hạn
    THANH TOÁN [số tiền]: thanh toán hóa đơn
    LỊCH SỬ: hóa đơn và các khoản thanh toán
    ĐIỆN NĂNG: điện năng tiêu thụ (kèm bảng tính)
    AUTOPAY ON hoặc AUTOPAY OFF (tự động thanh toán)
    PAPERLESS ON hoặc PAPERLESS OFF (hóa đơn điện tử)
    HỦY: ngừng nhận thông báo
    TRỢ GIÚP: danh sách này
email-help-unlinked = Để xem tài khoản { $utility } qua email, trước tiên hãy liên kết địa chỉ này: trả lời bằng LINK, số tài khoản và mã ZIP của địa chỉ nhận hóa đơn, ví dụ:
    LINK 1234567890 95122
    Chúng tôi sẽ gửi mã đến email đã đăng ký; trả lời bằng mã đó để hoàn tất. Sau đó bạn có thể trả lời SỐ DƯ, THANH TOÁN, LỊCH SỬ, ĐIỆN NĂNG, AUTOPAY ON hoặc OFF, PAPERLESS ON hoặc OFF, HỦY hoặc TRỢ GIÚP.

guarded-needs-token = Để bảo mật, việc này chỉ thực hiện được khi bạn trả lời một email chúng tôi đã gửi đến địa chỉ đã đăng ký. Hãy trả lời email này bằng cùng lệnh đó.
guarded-confirm-hint = Để tiếp tục, hãy trả lời email này bằng CÓ. Sẽ không có gì xảy ra cho đến khi bạn trả lời.
guarded-confirm-by-reply = Để bảo mật, vui lòng xác nhận bằng cách trả lời CÓ cho chính email xác nhận.

email-subject = Tài khoản { $utility } của bạn
email-reply-footer = Trả lời TRỢ GIÚP để xem danh sách lệnh. { $utility } · { $support_phone }
email-notice-footer = Bạn nhận email này vì tài khoản { $utility } của bạn dùng hóa đơn điện tử. Trả lời HỦY để ngừng nhận thông báo.

bill-ready-subject = Hóa đơn { $utility } của bạn đã sẵn sàng: { $amount }, đến hạn { $due_date }
bill-ready-body = Xin chào { $name },

    Hóa đơn của tài khoản { $account } đã sẵn sàng: { $amount }, đến hạn { $due_date }.

    Trả lời SỐ DƯ để xem chi tiết, LỊCH SỬ để xem hóa đơn cũ, ĐIỆN NĂNG để xem điện năng tiêu thụ, hoặc THANH TOÁN để thanh toán.
bill-ready-pay-saved = Trả lời THANH TOÁN để thanh toán { $amount } từ { $bank }.

undeliverable-notice = Chúng tôi đã nhiều lần không gửi được email đến { $email }, nên đã ngừng gửi email đến đó. Vui lòng kiểm tra lại địa chỉ với { $utility } qua số { $support_phone }.
