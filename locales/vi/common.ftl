## Những từ và câu mọi luồng hội thoại dùng.

choice-yes = Có
choice-no = Không
choice-retry = Thử lại
choice-cancel = Hủy
choice-more = Xem thêm
choice-done = Xong
menu-link = Liên kết tài khoản
menu-balance = Số dư và ngày đến hạn
menu-history = Lịch sử hóa đơn
menu-usage = Điện năng tiêu thụ
menu-help = Trợ giúp
menu-unlink = Hủy liên kết cuộc trò chuyện này
menu-identities = Các liên kết
menu-deposit = Tiền đặt cọc
menu-language = Ngôn ngữ

cancelled = Được rồi, tôi đã dừng lại. Không có gì bị thay đổi.
nothing-to-cancel = Không có gì để hủy.
anything-else = Tôi có thể giúp gì thêm không?
not-understood = Xin lỗi, tôi chưa hiểu. Hãy chọn một mục dưới đây, hoặc gõ /help.
help-in-flow = Bạn có thể trả lời câu hỏi bên dưới, gõ /cancel để dừng, hoặc /language để đổi ngôn ngữ.
flow-updated = Cuộc trò chuyện đã được cập nhật kể từ lần trước bạn nhắn, nên chúng ta làm lại bước đó nhé.
private-only = Để bảo vệ quyền riêng tư, tôi chỉ hiển thị thông tin tài khoản trong cuộc trò chuyện riêng với tôi.
private-continue = Tiếp tục trong cuộc trò chuyện riêng
command-start = Những việc tôi có thể giúp bạn
command-help = Trợ giúp và danh sách lệnh
command-cancel = Dừng việc đang làm
link-required = Trước tiên, hãy liên kết tài khoản { $utility } với cuộc trò chuyện này. Chỉ mất một phút.
error-generic = Xin lỗi, hệ thống của chúng tôi gặp sự cố và không có gì bị thay đổi. Vui lòng thử lại sau giây lát, hoặc gọi { $support_phone }.
repair-offer = Bạn muốn thử lại hay hủy?

invalid-account-number = Đó có vẻ không phải là số tài khoản.
invalid-zip = Đó có vẻ không phải là mã ZIP.
invalid-code = Mã gồm sáu chữ số trong email chúng tôi đã gửi.
invalid-date = Tôi không đọc được ngày đó.
invalid-money = Tôi không đọc được số tiền đó.
invalid-text = Vui lòng trả lời ngắn gọn.
invalid-choice = Vui lòng chọn một trong các mục.
invalid-yes-no = Vui lòng trả lời có hoặc không.
expect-account-number = Tôi cần số tài khoản 10 chữ số in trên hóa đơn, ví dụ 1234567890.
expect-zip = Tôi cần mã ZIP 5 chữ số của địa chỉ nhận hóa đơn, ví dụ 95122.
expect-code = Tôi cần mã 6 chữ số trong email, ví dụ 123456.
expect-date = Tôi cần một ngày như 15/11/2026 hoặc 2026-11-15.
expect-money = Tôi cần một số tiền như 85,20.
expect-text = Tôi cần vài chữ.
expect-choice = Tôi cần số thứ tự của một mục.
expect-yes-no = Tôi cần câu trả lời có hoặc không.

pick-account = Tài khoản nào?
no-accounts = Chưa có tài khoản nào thuộc mã khách hàng của bạn.

channel-terminal = cửa sổ dòng lệnh
channel-telegram = Telegram
channel-email = email
channel-discord = Discord

language-prompt = Bạn muốn dùng ngôn ngữ nào?
language-name-en = English
language-name-vi = Tiếng Việt
language-set = Từ bây giờ tôi sẽ nói tiếng Việt.

welcome-unlinked = Xin chào! Tôi là trợ lý của { $utility }. Tôi có thể cho bạn xem số dư và ngày đến hạn, lịch sử hóa đơn, điện năng tiêu thụ và tiền đặt cọc, bằng tiếng Việt hoặc tiếng Anh.
welcome-linked = Chào mừng bạn trở lại, { $name }!
help-unlinked = Để bắt đầu, hãy liên kết tài khoản: gõ /link. Bạn cần số tài khoản, mã ZIP của địa chỉ nhận hóa đơn, và truy cập được email đã đăng ký.
help-linked = Bạn có thể hỏi: /balance (số dư), /pay (thanh toán), /autopay (tự động thanh toán), /paperless (hóa đơn điện tử), /payments (thanh toán đang chờ), /banks (ngân hàng), /activity (hoạt động), /history (lịch sử), /usage (điện năng), /deposit (tiền cọc), /identities (các liên kết), /language (ngôn ngữ), /unlink (hủy liên kết). Gõ /cancel bất cứ lúc nào để dừng.
