# رسائل Crosstalk الإلكترونية: العربية (من اليمين إلى اليسار). كل المفاتيح تبدأ بـ mail-؛
# نصوص الصفحات في web/i18n/ar/main.ftl. فئات الجمع: zero one two few many other.

## كل الرسائل

mail-hello = مرحبًا { $name }،
mail-hello-anonymous = مرحبًا،
mail-signature = فريق Crosstalk
mail-link-fallback = إذا لم يعمل الزر، انسخ هذا الرابط في متصفحك:
mail-unsubscribe-question = لا تريد تلقي هذه الرسائل؟
mail-unsubscribe = إلغاء الاشتراك
mail-colon = :
mail-why-learner = تصلك هذه الرسالة لأنك تشارك في مقرر على Crosstalk.
mail-why-facilitator = تصلك هذه الرسالة لأنك تيسّر مقرر «{ $course }».

## ردّ أحدهم على الفيديو الخاص بك

mail-reply-subject = ردّ { $replier } على الفيديو الخاص بك
mail-reply-line = ردّ { $replier } على الفيديو الخاص بك عن «{ $prompt }».
mail-reply-lead = كتب { $replier }:
mail-reply-action = شاهد الرد

## الفيديو الخاص بك جاهز

mail-ready-subject = الفيديو الخاص بك جاهز
mail-ready-line = الفيديو الخاص بك عن «{ $prompt }» جاهز، ويمكن لبقية أفراد مجموعتك مشاهدته الآن.
mail-ready-line-pending = الفيديو الخاص بك عن «{ $prompt }» جاهز. سيطّلع عليه أحد الميسّرين قبل أن يتمكن بقية أفراد مجموعتك من مشاهدته، وسنُعلمك بذلك.
mail-ready-action = شاهد الفيديو

## تعذّر استخدام الفيديو الخاص بك: ما المشكلة، ثم ما العمل

mail-rejected-subject = تعذّر علينا استخدام الفيديو الخاص بك عن «{ $prompt }»
mail-rejected-action = ارفع فيديو جديدًا
mail-duration =
    { $unit ->
        [minutes]
            { $n ->
                [1] دقيقة واحدة
                [2] دقيقتين
                [few] { $n } دقائق
               *[other] { $n } دقيقة
            }
       *[seconds]
            { $n ->
                [1] ثانية واحدة
                [2] ثانيتين
                [few] { $n } ثوانٍ
               *[other] { $n } ثانية
            }
    }
mail-rejected-too_short-limit = الفيديو الخاص بك أقصر من { mail-duration }، وهي أقصر مدة يقبلها هذا السؤال.
mail-rejected-too_short-limit-next = سجّل إجابة مدتها { mail-duration } على الأقل، ثم ارفعها من جديد.
mail-rejected-too_long-limit = الفيديو الخاص بك أطول من { mail-duration }، وهي أطول مدة يقبلها هذا السؤال.
mail-rejected-too_long-limit-next = قصّره إلى { mail-duration } أو أقل، أو سجّل إجابة أقصر، ثم ارفعه من جديد.
mail-rejected-not_a_video = الملف الذي أرسلته ليس فيديو.
mail-rejected-not_a_video-next = سجّل إجابتك من جديد، أو اختر ملف فيديو مثل MP4 أو MOV أو WebM.
mail-rejected-unsupported_container = لا نستطيع قراءة هذا النوع من ملفات الفيديو.
mail-rejected-unsupported_container-next = احفظه أو صدّره بصيغة MP4 أو WebM، ثم ارفعه من جديد.
mail-rejected-no_video_stream = في الملف صوت بلا صورة.
mail-rejected-no_video_stream-next = تأكد من أن الكاميرا تعمل ومسموح بها في متصفحك، ثم سجّل من جديد.
mail-rejected-too_short = الفيديو الخاص بك أقصر مما يطلبه هذا السؤال.
mail-rejected-too_short-next = سجّل إجابة أطول قليلًا، ثم ارفعها من جديد.
mail-rejected-too_long = الفيديو الخاص بك أطول من المدة المسموح بها لهذا السؤال.
mail-rejected-too_long-next = قصّره، أو سجّل إجابة أقصر ضمن الحد المسموح، ثم ارفعه من جديد.
mail-rejected-too_large = الفيديو الخاص بك كبير جدًا: حجم الملف أو أبعاد الصورة تتجاوز الحد المسموح.
mail-rejected-too_large-next = سجّل من جديد بدقة أقل (720p تكفي) أو صدّر ملفًا أصغر، ثم ارفعه من جديد.
mail-rejected-too_small = صورة الفيديو الخاص بك أصغر من أن تُعرض بوضوح.
mail-rejected-too_small-next = سجّل من جديد بعد ضبط الكاميرا على دقة أعلى.
mail-rejected-corrupt = ملف الفيديو الخاص بك تالف ولا يمكن تشغيله.
mail-rejected-corrupt-next = يحدث هذا غالبًا عند انقطاع التسجيل أو الرفع. سجّل من جديد، أو ارفع الملف الأصلي مرة أخرى.
mail-rejected-timeout = استغرقت معالجة الفيديو الخاص بك وقتًا طويلًا.
mail-rejected-timeout-next = عادةً ما ينجح فيديو أقصر أو أصغر حجمًا. يرجى المحاولة مرة أخرى.
mail-rejected-internal_error = حدث خطأ من جهتنا أثناء معالجة الفيديو الخاص بك.
mail-rejected-internal_error-next = ليس الخطأ خطأك. يرجى رفعه مرة أخرى؛ وإذا تكرر ذلك، فأخبر الميسّر.
mail-rejected-other = تعذّرت علينا معالجة الفيديو الخاص بك.
mail-rejected-other-next = يرجى تسجيله أو رفعه مرة أخرى؛ وإذا تكرر ذلك، فأخبر الميسّر.

## قرار أحد الميسّرين بشأن الفيديو الخاص بك

mail-decided-subject =
    { $action ->
        [approve] تمت الموافقة على الفيديو الخاص بك عن «{ $prompt }»
        [hide] أُخفي الفيديو الخاص بك عن «{ $prompt }»
        [remove] أُزيل الفيديو الخاص بك عن «{ $prompt }»
        [restore] عاد الفيديو الخاص بك عن «{ $prompt }» مرئيًا
       *[other] راجع أحد الميسّرين الفيديو الخاص بك عن «{ $prompt }»
    }
mail-decided-line =
    { $action ->
        [approve] وافق أحد الميسّرين على الفيديو الخاص بك. يمكن لبقية أفراد مجموعتك مشاهدته الآن.
        [hide] أخفى أحد الميسّرين الفيديو الخاص بك. لم يعد يظهر لمجموعتك، لكنه لم يُحذف.
        [remove] أزال أحد الميسّرين الفيديو الخاص بك. لم يعد يظهر لأي أحد في مجموعتك.
        [restore] أعاد أحد الميسّرين الفيديو الخاص بك. يمكن لمجموعتك مشاهدته من جديد.
       *[other] راجع أحد الميسّرين الفيديو الخاص بك.
    }
mail-decided-lead = أسباب هذا القرار:
mail-decided-appeal = إذا كنت تعتقد أن هذا خطأ، فتواصل مع الميسّر.
mail-decided-action = شاهد مشاركتك

## ملخص قائمة الإشراف للميسّرين

mail-digest-subject-empty = { $course }: لا شيء بانتظار المراجعة
mail-digest-subject =
    { $course }: { $pending ->
        [0] لا مقاطع للمراجعة
        [1] مقطع واحد للمراجعة
        [2] مقطعان للمراجعة
        [few] { $pending } مقاطع للمراجعة
        [many] { $pending } مقطعًا للمراجعة
       *[other] { $pending } مقطع للمراجعة
    }، { $flagged ->
        [0] ولا بلاغات
        [1] وبلاغ واحد
        [2] وبلاغان
        [few] و{ $flagged } بلاغات
        [many] و{ $flagged } بلاغًا
       *[other] و{ $flagged } بلاغ
    }
mail-digest-intro = إليك ما ينتظر في قائمة الإشراف لمقرر «{ $course }».
mail-digest-action = افتح قائمة الإشراف
mail-digest-waiting = بانتظار الموافقة: { $count }
mail-digest-flagged = أبلغ عنها المشاركون: { $count }
mail-digest-cohort = { $cohort }: بانتظار المراجعة { $pending }، بلاغات { $flagged }
mail-digest-oldest =
    ينتظر أقدمها منذ { $unit ->
        [none] أقل من ساعة
        [hours]
            { $n ->
                [1] ساعة واحدة
                [2] ساعتين
                [few] { $n } ساعات
               *[other] { $n } ساعة
            }
       *[days]
            { $n ->
                [1] يوم واحد
                [2] يومين
                [few] { $n } أيام
                [many] { $n } يومًا
               *[other] { $n } يوم
            }
    }.

## تذكير بالإجابة عن سؤال

mail-nudge-subject = تذكير: «{ $prompt }» بانتظار الفيديو الخاص بك
mail-nudge-default = مجموعتك متشوقة لسماعك. سجّل إجابة قصيرة بالفيديو عن «{ $prompt }».
mail-nudge-action = سجّل إجابتك
mail-nudge-closes = يُغلق السؤال في { mail-date }.
mail-date = { $day } { mail-month } { $year } الساعة { $time } بتوقيت UTC
mail-month =
    { $month ->
        [1] يناير
        [2] فبراير
        [3] مارس
        [4] أبريل
        [5] مايو
        [6] يونيو
        [7] يوليو
        [8] أغسطس
        [9] سبتمبر
        [10] أكتوبر
        [11] نوفمبر
       *[12] ديسمبر
    }
