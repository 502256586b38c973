# صفحات Crosstalk: العربية (من اليمين إلى اليسار).

app-name = Crosstalk
home-text = Crosstalk هو المكان الذي تجيب فيه مجموعتك في المقرر عن الأسئلة بمقاطع فيديو قصيرة. للدخول، افتح رابط الدخول الذي أرسله إليك فريق المقرر.
skip-to-content = انتقل إلى المحتوى
nav-label = القائمة الرئيسية
nav-course = صفحة المقرر
nav-my-posts = مشاركاتي
nav-sign-out = تسجيل الخروج
lang-nav-label = اللغة
lang-en = English
lang-fr = Français
lang-de = Deutsch
lang-es = Español
lang-it = Italiano
lang-ar = العربية

## تسجيل الدخول

signin-used-title = سبق استخدام هذا الرابط
signin-used-text = يعمل كل رابط دخول مرة واحدة فقط. اطلب رابطًا جديدًا من فريق المقرر.
signin-expired-title = انتهت صلاحية هذا الرابط
signin-expired-text = روابط الدخول صالحة لمدة محدودة. اطلب رابطًا جديدًا من فريق المقرر.
signin-unknown-title = هذا الرابط لا يعمل
signin-unknown-text = لا نعرف رابط الدخول هذا. تأكد من أنك نسخته كاملًا، أو اطلب رابطًا جديدًا من فريق المقرر.
signed-out-title = لقد سجلت الخروج
signed-out-text = للعودة، افتح رابط دخول جديدًا من فريق المقرر.

## الأخطاء

error-not-found-title = الصفحة غير موجودة
error-signed-out-title = يرجى تسجيل الدخول
error-csrf-title = انتهت صلاحية هذا النموذج
error-refused-title = لم ينجح ذلك
error-internal-title = حدث خطأ ما
error-generic = حدث خطأ ما. يرجى المحاولة مرة أخرى.
error-not_found = هذه الصفحة غير موجودة، أو لا يمكنك رؤيتها.
error-signed_out = انتهت جلستك. افتح رابط الدخول مرة أخرى.
error-csrf_failed = رُفض هذا الطلب حفاظًا على أمانك. ارجع، وأعد تحميل الصفحة، وحاول مرة أخرى.
error-internal_error = حدث خطأ من جهتنا. يرجى المحاولة بعد قليل.
error-upload_incomplete = لم يكتمل رفع الفيديو بعد.
error-unknown_upload = لم نجد الفيديو الذي رفعته. يرجى إرساله مرة أخرى.
error-upload_empty = ملف الفيديو فارغ. يرجى التسجيل من جديد.
error-upload_already_posted = سبق إرسال هذا الفيديو.
error-prompt_closed = لم يعد هذا السؤال يقبل إجابات.
error-prompt_not_open = لا يقبل هذا السؤال إجابات بعد.
error-muted = أوقف أحد الميسّرين مشاركاتك في هذا المقرر مؤقتًا.
error-already_flagged = سبق أن أبلغت عن هذه المشاركة. سيراجعها أحد الميسّرين.
error-own_post = لا يمكنك الإبلاغ عن مشاركتك. يمكنك حذفها بدلًا من ذلك.
error-not_flaggable = لا يمكن الإبلاغ إلا عن المشاركات المنشورة.
error-parent_not_visible = لا يمكنك الرد إلا على مشاركة منشورة.
error-reply_too_deep = لا يمكن أن تتعمق الردود أكثر في هذه المحادثة.
error-invalid_body = لم يُفهم الطلب. أعد تحميل الصفحة وحاول مرة أخرى.
error-malformed_json = لم يُفهم الطلب. أعد تحميل الصفحة وحاول مرة أخرى.
error-invalid_reason = يرجى اختيار سبب.
error-author_only = لا يحذف هذه المشاركة إلا صاحبها.
error-validation_failed = بعض ما أدخلته غير صالح. يرجى التحقق منه والمحاولة مرة أخرى.
error-too_many_uploads = لديك عمليات رفع كثيرة غير مكتملة. أكمل إحداها أو ألغها أولًا.
error-rate_limited = لقد قمت بذلك مرات كثيرة خلال وقت قصير. انتظر بضع دقائق ثم حاول مرة أخرى.

## صفحة المقرر

course-welcome = مرحبًا، { $name }.
course-empty = لا يوجد شيء في هذا المقرر بعد.
course-answered = تمت الإجابة
course-not-yet = لم تُجب بعد

## صفحة السؤال

prompt-opens-on = يُفتح في { $date }
prompt-open-until = مفتوح حتى { $date }
prompt-closed-on = أُغلق في { $date }
prompt-seconds = أجب في مدة من { $min } إلى { $max } ثانية.
prompt-my-answer = إجابتك
prompt-not-open-yet = هذا السؤال غير مفتوح بعد.
prompt-cohort-threads = إجابات مجموعتك
prompt-no-threads = لم يُجب أحد بعد.
pager-label = الصفحات
pager-first = أحدث الإجابات
pager-more = إجابات أقدم

## صفحة المحادثة

thread-title = إجابة { $name }
thread-replies = { $count ->
    [zero] لا ردود
    [one] رد واحد
    [two] ردّان
    [few] { $count } ردود
    [many] { $count } ردًا
   *[other] { $count } رد
}
thread-new = جديد

## المشاركات

post-deleted = مشاركة محذوفة
post-you = أنت
post-statement = سبب الميسّر:
post-delete = حذف
video-by = فيديو من { $name }
video-processing = يجري تجهيز هذا الفيديو.
state-processing = قيد التجهيز
state-pending = بانتظار أحد الميسّرين
state-hidden = أخفاها أحد الميسّرين
state-removed = أزالها أحد الميسّرين
state-deleted = محذوفة
state-rejected = غير مقبولة
notice-flagged = شكرًا لك. سيراجع أحد الميسّرين هذه المشاركة.
notice-deleted = حُذفت مشاركتك.

## الإبلاغ عن مشاركة

flag-open = إبلاغ
flag-reason = لماذا تبلغ عن هذه المشاركة؟
flag-choose = اختر سببًا
flag-note = أي شيء آخر ينبغي أن يعرفه الميسّر (اختياري)
flag-send = إرسال البلاغ
flag-reason-offensive = مسيء
flag-reason-harassment = تحرش أو تنمر
flag-reason-hate = كراهية
flag-reason-spam = رسائل مزعجة أو إعلانات
flag-reason-off-topic = خارج الموضوع
flag-reason-privacy = يكشف معلومات خاصة
flag-reason-self-harm = قد يكون شخص ما في خطر
flag-reason-other = سبب آخر

## لماذا لم يُقبل الفيديو

reason-not-a-video = هذا الملف ليس فيديو. يرجى تسجيل فيديو أو اختيار ملف فيديو.
reason-unsupported-container = صيغة الفيديو هذه غير مدعومة. يرجى التسجيل بكاميرا هاتفك أو من هذه الصفحة.
reason-no-video-stream = في هذا الملف صوت بلا صورة. يرجى تسجيل فيديو.
reason-too-short = هذا الفيديو أقصر مما يطلبه السؤال. يرجى تسجيل إجابة أطول.
reason-too-long = هذا الفيديو أطول مما يسمح به السؤال. يرجى تسجيل إجابة أقصر.
reason-too-large = صورة هذا الفيديو كبيرة جدًا. يرجى التسجيل بدقة هاتف عادية.
reason-too-small = صورة هذا الفيديو أصغر من أن تُشاهد. يرجى التسجيل من جديد.
reason-corrupt = ملف الفيديو هذا تالف. يرجى رفعه مرة أخرى أو تسجيل فيديو جديد.
reason-timeout = استغرق تجهيز هذا الفيديو وقتًا طويلًا. جرّب تسجيلًا أقصر.
reason-internal-error = حدث خطأ من جهتنا أثناء تجهيز هذا الفيديو. نحن نعمل على حله.

## مشاركاتي

my-posts-title = مشاركاتي
my-posts-empty = لم تنشر شيئًا بعد.
my-posts-open-thread = فتح المحادثة

## المسجّل

rec-heading-answer = سجّل إجابتك
rec-heading-reply = رُدّ بفيديو
rec-needs-js = يتطلب تسجيل الفيديو وإرساله تفعيل JavaScript. يرجى تفعيله أو استخدام متصفح آخر.
rec-record = تسجيل
rec-stop = إيقاف
rec-retake = إعادة التسجيل
rec-send = إرسال
rec-cancel = إلغاء
rec-preview = معاينة
rec-switch-camera = تبديل الكاميرا
rec-camera-front = الكاميرا الأمامية
rec-camera-back = الكاميرا الخلفية
rec-hide-self-view = إخفاء صورتي
rec-show-self-view = إظهار صورتي
rec-self-view-hidden = صورتك مخفية. التسجيل مستمر.
rec-recording = جارٍ التسجيل
rec-time-elapsed = المدة المسجلة
rec-time-limit = الحد: { $max } ثانية
rec-starting-camera = جارٍ تشغيل الكاميرا…
rec-uploading = جارٍ الرفع…
rec-upload-paused = توقف الرفع مؤقتًا. سيستأنف عند عودة الاتصال.
rec-resuming = جارٍ استئناف الرفع…
rec-processing = جارٍ التجهيز…
rec-ready = الفيديو جاهز
rec-view-post = عرض مشاركتك
rec-rejected = لم يُقبل الفيديو
rec-failed = حدث خطأ من جهتنا
rec-retry = حاول مرة أخرى
rec-record-again = سجّل من جديد
rec-pick-file = اختر ملف فيديو
rec-or-pick-file = أو اختر ملف فيديو
rec-no-camera = لا تتوفر كاميرا. يمكنك اختيار ملف فيديو بدلًا من ذلك.
rec-permission-denied = الكاميرا محجوبة. اسمح بها في إعدادات المتصفح، أو اختر ملف فيديو.
rec-not-supported = لا يستطيع هذا المتصفح تسجيل الفيديو. يمكنك اختيار ملف فيديو بدلًا من ذلك.
rec-offline = أنت غير متصل. سيستأنف الرفع عند عودة الاتصال.
rec-online = عاد الاتصال.
rec-too-short = سجّل { $min } ثانية على الأقل.
rec-too-long = هذا الفيديو أطول من { $max } ثانية.
rec-max-reached = بلغت حد { $max } ثانية. توقف التسجيل.
rec-error = حدث خطأ ما. يرجى المحاولة مرة أخرى.
rec-text-label = كلمات قليلة مع الفيديو (اختياري)
rec-sent = أُرسل
rec-progress = التقدم
# console (facilitator console pages; keep every key in all six languages)
nav-console = لوحة الإشراف
nav-console-queue = قائمة الإشراف
notice-decided = تم حفظ القرار.
notice-nudged = تم إرسال التذكيرات.
notice-muted = تم كتم المتعلّم.
notice-unmuted = يمكن للمتعلّم النشر مجددًا.
console-overview-title = لوحة الميسّر
console-queue-waiting = المنشورات المنتظرة في القائمة: { $count }
console-queue-waiting-many = أكثر من { $count } منشورًا ينتظر في القائمة
console-no-cohorts = أنت لا تيسّر أي مجموعة في هذه الدورة.
console-cohort-pages = صفحات مجموعاتك
console-cohorts-shown = المجموعات { $from }–{ $to } من { $total }
console-prompts-caption = الإجابات والردود لكل سؤال
console-col-prompt = السؤال
console-col-answered = أجابوا
console-col-not-answered = لم يجيبوا بعد
console-col-not-replied = لم يردّوا بعد
console-col-lonely = إجابات بلا رد
console-lonely-link = الإجابة { $n }
console-learners-caption = المتعلّمون وآخر نشاط لهم
console-col-learner = المتعلّم
console-col-posts = الإجابات
console-col-replies = الردود
console-col-last-activity = آخر نشاط
console-idle = لا شيء بعد
console-never = أبدًا
console-queue-title = قائمة الإشراف
console-back-overview = العودة إلى النظرة العامة
console-keys-hint = اضغط ? لعرض اختصارات لوحة المفاتيح.
console-filter-cohort = المجموعة
console-filter-prompt = السؤال
console-filter-reason = سبب الإبلاغ
console-filter-all = الكل
console-filter-apply = تصفية
console-queue-empty = لا شيء ينتظر قرارًا.
console-item-heading = { $author } في «{ $prompt }»
console-open-thread = فتح المحادثة
console-in-reply-to = ردًا على { $author }:
console-flags = البلاغات
console-flag-count = { $reason }: { $count }
console-history = سجل الكاتب: منشورات محذوفة { $removals }، مرات الكتم { $mutes }
console-muted-now = مكتوم
console-reason = السبب
console-statement = بيان الأسباب (يراه الكاتب)
console-next-page = الصفحة التالية
console-keys-title = اختصارات لوحة المفاتيح
console-key-next-prev = المنشور التالي / السابق
console-key-reason = اختيار سبب
console-key-help = عرض هذه المساعدة
console-close = إغلاق
console-action-approve = موافقة
console-action-hide = إخفاء
console-action-remove = حذف
console-action-restore = استعادة
console-state-processing = قيد المعالجة
console-state-pending = بانتظار الموافقة
console-state-visible = منشور ومُبلّغ عنه
console-state-hidden = مخفي
console-state-removed = محذوف
console-state-deleted = حذفه الكاتب
console-state-rejected = غير مقبول
console-statement-offensive = اعتُبر منشورك مسيئًا للمشاركين الآخرين.
console-statement-harassment = يستهدف منشورك مشاركًا آخر؛ التحرش غير مسموح.
console-statement-hate = يحتوي منشورك على محتوى يحض على الكراهية، وهذا غير مسموح.
console-statement-spam = يبدو منشورك رسالة مزعجة أو إعلانًا.
console-statement-off-topic = منشورك لا يجيب عن السؤال.
console-statement-privacy = يشارك منشورك معلومات خاصة عن شخص ما.
console-statement-self-harm = منشورك يقلقنا؛ سيتواصل معك أحد الميسّرين.
console-statement-other = راجع أحد الميسّرين منشورك.
console-already-decided-title = تم البت فيه مسبقًا
console-already-decided = سبقك ميسّر آخر؛ لم يُطبَّق قرارك. ({ $detail })
console-notice-decided = تم حفظ القرار.
console-js-failed = تعذّر إرسال القرار. حاول مرة أخرى.
console-nudges-title = التذكيرات
console-nudges-link = تذكير المتعلّمين
console-nudge-message = الرسالة (يمكنك تعديلها قبل الإرسال)
console-nudge-all = تذكير كل من لم يجب
console-nudge-one = تذكير { $name }
console-nudged-at = تم التذكير في { $when }
console-not-nudged = لم يُذكَّر
console-nudge-none = أجاب الجميع في مجموعاتك.
console-nudge-rule = يُذكَّر كل متعلّم مرة واحدة يوميًا على الأكثر لكل سؤال.
console-nudge-sent = التذكيرات المرسلة: { $count }
console-mute = كتم
console-unmute = إلغاء الكتم
console-mute-reason = السبب (يُحفظ في السجل)
console-unmute-reason = لماذا يُسمح له بالنشر مجددًا؟ (يُحفظ في السجل)
console-audit-title = سجل الإشراف
console-filter-actor = من
console-filter-action = الإجراء
console-export-csv = تصدير بصيغة CSV
console-col-when = متى
console-col-subject = المعني
console-course-team = فريق الدورة
console-audit-empty = لا شيء مسجّل بعد.

# lti
lti-login-refused-title = تعذّر فتح هذه الأداة
lti-login-refused-text = طلبت منصة التعلم فتح Crosstalk، لكن الطلب غير مقبول. اطلب من فريق المقرر التحقق من إعدادات الأداة.
lti-launch-refused-title = رُفض الدخول من مقررك
lti-launch-refused-text = لم يتمكن Crosstalk من التأكد من أن الطلب جاء من منصة مقررك، لذلك لم يتم تسجيل دخولك. ارجع إلى مقررك وافتح النشاط مرة أخرى.
lti-cookies-blocked-title = منع متصفحك تسجيل الدخول داخل صفحة المقرر
lti-cookies-blocked-text = لا يسمح متصفحك لـ Crosstalk بالاحتفاظ بتسجيل الدخول داخل صفحة المقرر. افتحه في علامة تبويب جديدة للمتابعة.
lti-open-new-tab = فتح في علامة تبويب جديدة
lti-storage-title = جارٍ فتح Crosstalk…
lti-storage-text = نتحقق من تسجيل دخولك مع منصة المقرر. يستغرق ذلك لحظة.
lti-continue = متابعة
lti-session-blocked-title = تابع في علامة تبويب جديدة
lti-session-blocked-text = لقد سجّلت الدخول، لكن متصفحك لا يسمح لـ Crosstalk بالاحتفاظ بتسجيل دخولك داخل صفحة المقرر. افتحه في علامة تبويب جديدة للمتابعة.
lti-reason = السبب: { $reason }
lti-deep-link-title = اختر سؤالًا لإضافته إلى مقررك
lti-deep-link-text = يُفتح السؤال الذي تختاره مباشرة عندما يتبع المتعلمون الرابط في مقررك.
lti-deep-link-choose = السؤال
lti-deep-link-none = لا يحتوي هذا المقرر على أسئلة بعد. أنشئ الوحدات والأسئلة أولًا.
lti-deep-link-add = إضافة إلى المقرر
lti-deep-link-return = العودة إلى منصة المقرر
lti-deep-link-send = إرسال إلى منصة المقرر
lti-deep-link-staff-only-title = يمكن لفريق المقرر فقط إضافة الأنشطة
lti-deep-link-staff-only-text = إضافة أسئلة Crosstalk إلى مقرر مخصصة للمدرّسين والمساعدين.

# own data (issue 14: captions, download, erasure, chosen names; keep every key in all six languages)
captions-available = الترجمة النصية:
captions-how = شغّل الترجمة النصية بزر CC في مشغّل الفيديو.
notice-name-saved = تم حفظ اسمك.
form-error-summary = توجد مشكلة
own-data-heading = بياناتك
own-export-text = نزّل كل ما نشرته في هذا المقرر: مقاطع الفيديو الخاصة بك وترجماتها النصية وقائمة بمشاركاتك مع الردود التي تلقيتها.
own-export-button = تنزيل مقاطع الفيديو الخاصة بي
own-export-first = نزّل مقاطع الفيديو الخاصة بي أولاً
own-name-link = اختر الاسم الذي يراه المتعلمون الآخرون
own-erase-link = حذف حسابي في هذا المقرر
erase-title = حذف حسابك في هذا المقرر
erase-title-error = خطأ: حذف حسابك في هذا المقرر
erase-intro = سيؤدي هذا إلى حذف ما شاركته في { $course }.
erase-deleted-heading = ما سيتم حذفه
erase-deleted-videos = كل فيديو سجلته أو رفعته، مع ترجماته النصية وصوره.
erase-deleted-texts = النصوص التي كتبتها مع مشاركاتك.
erase-deleted-personal = اسمك وبريدك الإلكتروني وبلدك ولغاتك.
erase-deleted-mail = رسائل البريد الإلكتروني التي كانت تنتظر إرسالها إليك.
erase-kept-heading = ما يبقى
erase-kept-text = تبقى ردود الآخرين في المحادثات. وتبقى مشاركاتك فيها كمشاركات محذوفة، بدون اسمك، حتى تظل الردود مفهومة.
erase-final = لا يمكن التراجع عن هذا.
erase-confirm-label = أفهم أن مقاطع الفيديو الخاصة بي وحسابي في { $course } ستُحذف نهائياً.
erase-confirm-missing = ضع علامة في المربع لتأكيد أنك تريد حذف حسابك.
erase-submit = حذف حسابي
erase-cancel = الاحتفاظ بحسابي والعودة
erase-started-title = جارٍ حذف حسابك
erase-started-intro = نحن نحذف حسابك في { $course }. يستغرق هذا بضع دقائق. نحذف:
erase-started-signed-out = تم تسجيل خروجك.
name-title = الاسم الذي يراه المتعلمون الآخرون
name-title-error = خطأ: الاسم الذي يراه المتعلمون الآخرون
name-intro = في هذا المقرر يمكنك أن تظهر للمتعلمين الآخرين باسم تختاره. يرى الميسّرون وفريق المقرر دائماً اسمك من قائمة المقرر.
name-roster = اسمك في قائمة المقرر: { $name }
name-current = يراك المتعلمون الآخرون الآن باسم: { $name }
name-label = اسمك للمتعلمين الآخرين
name-hint = حتى { $max } حرفاً. لا تستخدم اسم شخص آخر.
name-save = حفظ
name-remove = استخدام اسمي من قائمة المقرر
error-invalid_pseudonym = أدخل اسماً من 1 إلى 40 حرفاً.
error-pseudonym_taken = يستخدم شخص في هذا المقرر هذا الاسم بالفعل. اختر اسماً آخر.
error-pseudonyms_off = لا يستخدم هذا المقرر أسماء مختارة.
error-learners_only = يمكن للمتعلمين فقط اختيار اسم.

# dependencies down (issue 15): pages say so with 503/507, not "something went wrong"
error-unavailable-title = يُرجى المحاولة مجددًا بعد قليل
error-database_unavailable = لا يمكننا الوصول إلى قاعدة البيانات الآن. لم يضِع شيء مما أرسلته: حاول مجددًا بعد قليل.
error-store_unavailable = لا يمكننا الوصول إلى مخزن الفيديو الآن. لم يضِع شيء مما أرسلته: حاول مجددًا بعد قليل.
error-insufficient_storage = لا تتوفر لدى الخادم مساحة لهذا الآن. ما أرسلته محفوظ: حاول مجددًا لاحقًا.
