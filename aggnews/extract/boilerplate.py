"""Lines that are furniture on every site, in every language we read: the vocabulary of
popups, share rows, "read also" lines, paywall prompts, disclaimers and related-story
headings (``furniture.Furniture`` matches a page's lines against it)."""

from __future__ import annotations

import re

#: A paywall's or a login wall's prompt for the story itself ("Subscribe to read the full
#: story", "Register to unlock this article"), not a promotion ("to read the latest news").
_PAYWALL_PROMPT = (
    r"(?:subscribe|sign up|sign in|log ?in|register)(?: now| today| for free)? (?:to|and)"
    r" (?:(?:read|unlock|access) (?:the|this) (?:full |whole |entire |rest of the )?"
    r"(?:story|article)|continue reading|keep reading|read on|read more).{0,100}"
    r"|(?:اشترك|سجل الدخول|سجل دخولك)(?: الآن)? (?:ل|من أجل )?(?:قراءة (?:الخبر|المقال|القصة)"
    r"|متابعة القراءة|مواصلة القراءة).{0,80}"
    r"|(?:abonnez-vous|connectez-vous|inscrivez-vous) pour (?:lire (?:la suite|cet article"
    r"|l'article)|continuer (?:à lire|la lecture)|accéder à (?:cet article|l'article|la suite))"
    r".{0,100}"
)
PAYWALL_PROMPT = re.compile(_PAYWALL_PROMPT, re.IGNORECASE)
#: A social network's name in a share row, with what separates the buttons.
_NETWORK = (
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|messenger|e-?mail"
    r"|فيسبوك|فيس بوك|تويتر|إكس|واتساب|واتس اب|تلغرام|تيليجرام|لينكد إن|البريد الإلكتروني"
    r"|البريد)[\s,،|/•-]*"
)
#: The words of a "read also" line, before the linked headline (an alternation).
READ_ALSO_WORDS = (
    r"also read|read also|see also|read more|(?:ا|إ)قرأ (?:أيضا|أيضاً|ايضا|المزيد)"
    r"|شاهد (?:أيضا|أيضاً)|تابع (?:أيضا|أيضاً)|(?:à )?lire aussi|voir aussi"
)
#: Lines that are furniture on every site: image-report popups, share prompts, ads.
GENERIC_BOILERPLATE = (
    # follow-us lines
    r"(?:تابعونا|تابعوا|follow us|suivez-nous)\s+(?:على|عبر|on|sur)\s+.{1,40}",
    r"thank you for reporting!?",
    r"this image will be automatically disabled.*",
    # the same image-report popup in Arabic and French, in the wordings pages use
    r"سيتم (?:تعطيل|حجب|إخفاء) هذه الصورة تلقائيا.*",
    r"cette image sera (?:automatiquement )?(?:désactivée|masquée|bloquée).*",
    r"شكرا (?:لك )?على الإبلاغ!?",
    r"merci (?:pour votre|de votre) signalement.*",
    r"(?:advertisement|إعلان|publicité)",
    # a share prompt, alone or naming the networks ("شارك: فيسبوك تويتر", "Share: Facebook
    # X"), and a row of share buttons, two networks' names or more
    r"(?:share|شارك|partager)(?: this| on| via| sur| عبر)?\s*:?\s*(?:" + _NETWORK + r")*",
    r"(?:" + _NETWORK + r"){2,}",
    r"(?:(?:share|شارك|partager)\s+(?:on|by|via|sur|par|عبر|على)\s+\S+\s*){2,}",
    r"(?:" + READ_ALSO_WORDS + r")\s*[:：\-–]?.{0,200}",
    # the same, in words that are prose without their colon ("للمزيد من التفاصيل ...")
    r"(?:للمزيد|المزيد|ذات صلة|مقالات ذات صلة|أخبار ذات صلة|related|more|à voir|à découvrir)"
    r"\s*[:：].{0,200}",
    # "Continue reading at the outlet" lines, in any of our languages.
    r"(?:continue reading|read (?:the )?(?:full|rest of the) (?:story|article)|keep reading"
    r"|lire la suite|poursuivre la lecture|(?:ل)?(?:تابع|متابعة|أكمل|اكمل) (?:القراءة|قراءة)"
    r"|لقراءة (?:المزيد|الخبر كاملا|الخبر كاملاً|التفاصيل)|اقرأ الخبر كاملا)\b.{0,120}",
    r"(?:photo|image|crédit photo|photo credit|credit|صورة|الصورة)\s*[:：].{0,80}"
    r"|(?:صورة أرشيفية|أرشيفية|file photo|archive photo|photo d'archives)\.?",
    r"(?:skip to (?:main )?content|aller au contenu(?: principal)?|تخطى إلى المحتوى"
    r"|انتقل إلى المحتوى)",
    # the story's tags or keywords under it
    r"(?:tags|tagged|topics|keywords|الوسوم|وسوم|الكلمات (?:المفتاحية|الدالة)"
    r"|كلمات (?:مفتاحية|دالة)|mots[- ]clés|étiquettes|sujets)\s*[:：].{0,300}",
    # a syndication or liability disclaimer under the story
    r"(?:disclaimer|إخلاء (?:ال)?مسؤولية|avertissement|clause de non-responsabilité)"
    r"\s*[:：].{0,600}",
    _PAYWALL_PROMPT,
    # a newsletter prompt, a "via SyndiGate.info" credit standing alone
    r"(?:subscribe|sign up|register|abonnez-vous|inscrivez-vous|اشترك|سجل)\s+(?:to|for|à|في)\s+"
    r"(?:our |the |notre |la |النشرة )?(?:newsletter|البريدية|الإخبارية).{0,80}",
    r"via\s+\S+(?:\s+\S+){0,3}",
    r"(?:subscribe|abonnez-vous|اشترك)(?: now| today| maintenant| الآن)?"
    r"|(?:already (?:a subscriber|have an account)|déjà abonné|مشترك بالفعل)\s*[?؟]?.{0,40}",
)
#: Lines that are furniture when they hold a phrase somewhere in their first characters:
#: (characters before, the phrase, characters after, words every match of the phrase holds,
#: in lower case and separated by "|"). The pattern runs only on a line holding one of them.
GENERIC_FLOATING = (
    # a story's meta strip: its date with a view count or a reading time
    (
        60,
        r"\d[\d,.\s]*(?:مشاهدة|مشاهدات|قراءة|views?|vues?|lectures?)"
        r"|(?:دقيقة|دقيقتان|دقيقتين|دقائق|\d+\s*min(?:ute)?s?)\s*"
        r"(?:للقراءة|قراءة|read|de lecture)",
        60,
        "مشاهد|قراءة|view|vue|lecture|read",
    ),
    (
        120,
        r"we use cookies|uses cookies|utilise des cookies|ملفات تعريف الارتباط"
        r"|accept (?:all )?cookies",
        200,
        "cookie|ملفات تعريف الارتباط",
    ),
    (
        200,
        r"©|\(c\) \d{4}|copyright|all rights reserved|جميع الحقوق محفوظة|حقوق النشر"
        r"|tous droits réservés",
        200,
        "©|(c) |copyright|all rights reserved|حقوق|droits",
    ),
    # a paywall's pitch: what its subscribers get
    (
        20,
        r"(?:subscri\w*|abonn\w*|مشترك\w*)\b.{0,40}?"
        r"(?:unlimited (?:digital )?access|accès illimité|وصول غير محدود)",
        160,
        "unlimited|illimité|غير محدود",
    ),
    # an aggregator's disclaimer: the stories belong to their sources, it answers for none
    (
        200,
        r"تعود ملكيتها (?:ل|إلى )(?:مصادرها|أصحابها)|لا يتحمل الموقع(?: أي)? مسؤولية"
        r"|belong to their (?:respective )?(?:sources|owners|authors)"
        r"|(?:is|are) not responsible for (?:the |their |its )?content"
        r"|appartiennent à leurs (?:sources|auteurs|propriétaires)"
        r"|n'est pas responsable (?:du|de leur|de son) contenu",
        200,
        "ملكيت|مسؤولية|belong|responsible|appartiennent|responsable",
    ),
)


_FLOATING_WORDS = tuple(word for *_, words in GENERIC_FLOATING for word in words.split("|"))
#: Any of ``_FLOATING_WORDS`` (one search in C rather than a ``in`` test a word).
FLOATING_WORD = re.compile("|".join(re.escape(word) for word in _FLOATING_WORDS))


#: The heading of a related-stories list: the story ended above it, on any site.
RELATED_HEADING = re.compile(
    r"^(?:مقالات ذات صلة|أخبار ذات صلة|مواضيع ذات صلة|اقرأ أيضا"
    r"|related (?:posts|articles|news|stories)|you may also like|articles similaires"
    r"|à lire aussi|sur le même sujet)\s*:?$",
    re.IGNORECASE,
)
