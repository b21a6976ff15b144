## Liên kết cuộc trò chuyện với khách hàng.

link-ask-account = Số tài khoản của bạn là gì? Số này ở góc trên bên phải hóa đơn.
link-ask-zip = Còn mã ZIP của địa chỉ nhận hóa đơn?
link-mismatch = Số tài khoản và mã ZIP không khớp với hồ sơ của chúng tôi. Bạn còn { $attempts_left } lần thử trước khi việc liên kết bị tạm dừng 15 phút.
link-locked = Bạn đã thử quá nhiều lần. Để bảo mật, việc liên kết tạm dừng đến { $until }. Vui lòng thử lại sau.
link-large-business = Tài khoản doanh nghiệp lớn được đăng ký qua người đại diện phụ trách tài khoản của bạn. Vui lòng liên hệ họ, hoặc gọi { $support_phone }.
link-no-email = Chúng tôi chưa có email nào cho tài khoản này nên không thể gửi mã. Vui lòng gọi { $support_phone } để bổ sung.
link-ask-code = Tôi đã gửi mã 6 chữ số đến { $email_masked }. Vui lòng nhập mã vào đây. Mã có hiệu lực trong 24 giờ.
link-code-wrong = Mã không đúng. Bạn còn { $attempts_left } lần thử.
link-code-expired = Mã đã hết hạn hoặc đã được dùng. Gõ /link để nhận mã mới.
link-done = Xong! Cuộc trò chuyện này đã được liên kết với { $customer_name } ({ $account_count } tài khoản).
link-already = Cuộc trò chuyện này đã được liên kết với { $customer_name }. Để liên kết tài khoản khác, hãy gõ /unlink trước.

link-code-subject = Mã xác minh { $utility } của bạn
link-code-body =
    Xin chào { $name },

    Mã để liên kết cuộc trò chuyện với tài khoản { $utility } của bạn là: { $code }

    Mã có hiệu lực trong 24 giờ và chỉ dùng được một lần. Nếu bạn không yêu cầu mã này, hãy bỏ qua email này; không có gì thay đổi nếu không có mã.

    { $utility }
link-notice-subject = Một cuộc trò chuyện đã được liên kết với tài khoản { $utility } của bạn
link-notice-body =
    Xin chào { $name },

    Ngày { $date }, { $channel } ({ $who }) đã được liên kết với tài khoản { $utility } của bạn.

    Nếu không phải bạn, hãy gọi ngay { $support_phone }, hoặc gõ /identities trong bất kỳ cuộc trò chuyện đã liên kết nào để gỡ bỏ.

    { $utility }
link-notice-chat = Thông báo bảo mật: ngày { $date }, { $channel } ({ $who }) đã được liên kết với tài khoản của bạn. Nếu không phải bạn, hãy gõ /identities để gỡ bỏ, hoặc gọi { $support_phone }.

unlink-confirm = Hủy liên kết cuộc trò chuyện này khỏi tài khoản của bạn? Bạn có thể liên kết lại bất cứ lúc nào.
unlink-done = Cuộc trò chuyện này không còn liên kết với tài khoản của bạn.
unlink-kept = Được rồi, cuộc trò chuyện này vẫn được liên kết.

identity-line = { $channel } { $who }, liên kết ngày { $date }
identity-this = (cuộc trò chuyện này)
identities-only-this = Chỉ có cuộc trò chuyện này được liên kết với tài khoản của bạn.
identities-pick = Bạn muốn gỡ bỏ liên kết nào?
identities-confirm-remove = Gỡ bỏ liên kết này? Nó sẽ không xem được tài khoản của bạn nữa.
identities-removed = Đã gỡ bỏ.
identities-not-found = Liên kết đó không còn nữa.
identities-kept = Được rồi, không có gì bị gỡ bỏ.
