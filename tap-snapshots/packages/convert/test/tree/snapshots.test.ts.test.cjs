/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`packages/convert/test/tree/snapshots.test.ts > TAP > csv: csv-inconsistent-header.csv > must match snapshot 1`] = `
#document
  table
    thead
      tr
        th
          "1"
        th
          "2"
        th
          "3"
        th
    tbody
      tr
        td
          "a"
        td
          "b"
        td
          "c"
        td
          "d"
      tr
        td
          "a"
        td
          "b"
        td
          "c"
        td
          "d"
      tr
        td
          "a"
        td
          "b"
        td
          "c"
        td
          "d"
      tr
        td
          "a"
        td
          "b"
        td
          "c"
        td
          "d"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > doc: lo_tablecell.doc > must match snapshot 1`] = `
#document
  p
    "Hello world1"
  table
    tbody
      tr
        td
          p
            "Hello2"
  p
    "Some text before"
  p
    "Tab1"
  p
    "Tab2"
  p
    "Tab3"
  p
    "A"
  p
    "B"
  p
    "C"
  p
    "D"
  p
    "E"
  p
    "F"
  table
    tbody
      tr
        td
  p
    "Some text after"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > docx: table_with_equations.docx > must match snapshot 1`] = `
#document
  table
    tbody
      tr
        td
          "The next cell has an equation"
        td
          span class="math inline"
            "A = \\pi r^{2}"
      tr
        td
          "The next cell has another equation"
        td
          span class="math inline"
            "x = \\frac{- b \\pm \\sqrt{b^{2} - 4 a c}}{2 a}"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > docx: unit_test_headers_numbered.docx > must match snapshot 1`] = `
#document
  h1
    "Test Document"
  h1
    "1. Section 1"
  p
    "Paragraph 1.1"
  p
    "Paragraph 1.2"
  h2
    "1.1. Section 1.1"
  p
    "Paragraph 1.1.1"
  p
    "Paragraph 1.1.2"
  h2
    "1.2. Section 1.2"
  p
    "Paragraph 1.1.1"
  p
    "Paragraph 1.1.2"
  h3
    "1.2.1. Section 1.2.3"
  p
    "Paragraph 1.2.3.1"
  p
    "Paragraph 1.2.3.1"
  h1
    "2. Section 2"
  p
    "Paragraph 2.1"
  p
    "Paragraph 2.2"
  h3
    "2.1.1. Section 2.1.1"
  p
    "Paragraph 2.1.1.1"
  p
    "Paragraph 2.1.1.1"
  h2
    "2.2. Section 2.1"
  p
    "Paragraph 2.1.1"
  p
    "Paragraph 2.1.2"
  ol
    li
      "Appendix A: Glossary"
      ul
        li
          "1.1. Section A.1"
          ul
            li
              "1.1.1. Detail A.1.1"
            li
              "2.3.1. Hardware Constraints – Egde Case"
            li
              "2.3.2. Software Constraints"
            li
              "2.3.3. Network Constraints"
            li
              "2.3.4. Environmental Constraints"
            li
              "2.3.5. Regulatory Constraints"
            li
              "2.3.6. Budget Constraints"
            li
              "2.3.7. Timeline Constraints"
            li
              "2.3.8. Resource Constraints"
              ul
                li
                  "2.3.8.1. First sub-item at this level"
                li
                  "2.3.8.2. Second sub-item at this level"
                li
                  "2.3.8.3. Third sub-item at this level"
  h2
    "REFERENCES"
  p
    "This is the first reference."
  p
    "This is the second reference."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > eml: eml_simple.eml > must match snapshot 1`] = `
#document
  h1
    "Simple Email"
  p
    strong
      "From:"
    "Alice Example <alice@example.com>"
    br
    strong
      "To:"
    "Bob Example <bob@example.com>"
  p
    "Hello Bob,"
  p
    "This is a simple email body."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > epub: epub_purvis_poetry.epub > must match snapshot 1`] = `
#document
  section
    section class="epub-type-contains-word-titlepage" id="titlepage" epub:type="titlepage"
      h1 epub:type="title"
        "Poetry"
      p
        "By"
        b epub:type="z3998:author z3998:personal-name"
          "Sarah Louisa Forten Purvis"
        "."
      img src="assets/image-1.png" alt=""
  section
    section class="epub-type-contains-word-imprint" id="imprint" epub:type="imprint"
      header
        h2 epub:type="title"
          "Imprint"
        img src="assets/image-2.png" alt="The Standard Ebooks logo."
      p
        "This ebook is the product of many hours of hard work by volunteers for"
        a href="https://standardebooks.org/"
          "Standard Ebooks"
        ", and builds on the hard work of other literature lovers made possible …"
      p
        "This particular ebook is based on digital scans from the"
        a href="https://standardebooks.org/ebooks/sarah-louisa-…"
          "Internet Archive"
        "."
      p
        "The source text and artwork in this ebook are believed to be in the Uni…"
        a href="https://creativecommons.org/publicdomain/zero/1…"
          "CC0 1.0 Universal Public Domain Dedication"
        ". For full license information, see the"
        a href="#uncopyright"
          "Uncopyright"
        "at the end of this ebook."
      p
        "Standard Ebooks is a volunteer-driven project that produces ebook editi…"
        a href="https://standardebooks.org/"
          "standardebooks.org"
        "."
  section
    article class="epub-type-contains-word-z3998-poem" id="the-grave-of-the-slave" epub:type="z3998:poem"
      h2 epub:type="title"
        "The Grave of the Slave"
      p
        span
          "The cold storms of winter shall chill him no more,"
        br
        span
          "His woes and his sorrows, his pains are all o’er;"
        br
        span
          "The sod of the valley now covers his form,"
        br
        span
          "He is safe in his last home, he feels not the storm."
      p
        span
          "The poor slave is laid all unheeded and lone,"
        br
        span
          "Where the rich and the poor find a permanent home;"
        br
        span
          "Not his master can rouse him with voice of command;"
        br
        span
          "He knows not, he hears not, his cruel demand."
      p
        span
          "Not a tear, not a sigh to embalm his cold tomb,"
        br
        span
          "No friend to lament him, no child to bemoan;"
        br
        span
          "Not a stone marks the place, where he peacefully lies,"
        br
        span
          "The earth for his pillow, his curtain the skies."
      p
        span
          "Poor slave! shall we sorrow that death was thy friend,"
        br
        span
          "The last, and the kindest, that heaven could send?"
        br
        span
          "The grave to the weary is welcomed and blest;"
        br
        span
          "And death, to the captive, is freedom and rest."
    article class="epub-type-contains-word-z3998-poem" id="the-slave-girls-address-to-her-mother" epub:type="z3998:poem"
      h2 epub:type="title"
        "The Slave Girl’s Address to Her Mother"
      p
        span
          "Oh! mother, weep not, though our lot be hard,"
        br
        span
          "And we are helpless —God will be our guard:"
        br
        span
          "For He our heavenly guardian doth not sleep;"
        br
        span
          "He watches o’er us —mother, do not weep."
      p
        span
          "And grieve not for that dear loved home no more;"
        br
        span
          "Our sufferings and our wrongs, ah! why deplore?"
        br
        span
          "For though we feel the stern oppressor’s rod,"
        br
        span
          "Yet he must yield, as well as we, to God."
      p
        span
          "Torn from our home, our kindred and our friends,"
        br
        span
          "And in a stranger’s land our days to end,"
        br
        span
          "No heart feels for the poor, the bleeding slave;"
        br
        span
          "No arm is stretched to rescue, and to save."
      p
        span
          "Oh! ye who boast of Freedom’s sacred claims,"
        br
        span
          "Do ye not blush to see our galling chains;"
        br
        span
          "To hear that sounding word —“that all are free” —"
        br
        span
          "When thousands groan in hopeless"
          em
            "slavery"
          "?"
      p
        span
          "Upon your land it is a cruel stain —"
        br
        span
          "Freedom, what art thou? —nothing but a name."
        br
        span
          "No more, no more! Oh God, this cannot be;"
        br
        span
          "Thou to thy children’s aid wilt surely flee:"
        br
        span
          "In thine own time deliverance thou wilt give,"
        br
        span
          "And bid us rise from slavery, and live."
    article class="epub-type-contains-word-z3998-poem" id="past-joys" epub:type="z3998:poem"
      h2 epub:type="title"
        "Past Joys"
      p
        span
          "The friends we’ve loved, the home we’ve left,"
        br
        span class="i1"
          "Will ofttimes claim a tear;"
        br
        span
          "And though of these we are bereft,"
        br
        span class="i1"
          "Still memory makes them dear."
      p
        span
          "And deep we feel each trifling ill,"
        br
        span class="i1"
          "Each sorrow of the soul:"
        br
        span
          "But care we for the painful thrill,"
        br
        span class="i1"
          "That o’er some breasts doth roll?"
      p
        span
          "Poor Afric’s son —ah! he must feel"
        br
        span class="i1"
          "How hard it is to part"
        br
        span
          "From all he lov’d —from all that life"
        br
        span class="i1"
          "Had twined around his heart."
      p
        span
          "His is a sorrow deeper far,"
        br
        span class="i1"
          "Than all that we can show;"
        br
        span
          "His is a lasting grief, o’er which"
        br
        span class="i1"
          "No healing balm can flow."
      p
        span
          "The mother, wife, or child he loved,"
        br
        span class="i1"
          "He ne’er shall see again;"
        br
        span
          "To him they’re lost —ay, dead indeed:"
        br
        span class="i1"
          "What for him doth remain?"
      p
        span
          "A feeling of deep wretchedness"
        br
        span class="i1"
          "Comes o’er his troubled soul;"
        br
        span
          "The thoughts of home —of other days,"
        br
        span class="i1"
          "In painful visions roll."
      p
        span
          "His home —ah! that lov’d name recalls"
        br
        span class="i1"
          "All that was dear to him;"
        br
        span
          "But"
          em
            "these"
          "were scenes he’ll know no more —"
        br
        span class="i1"
          "He only"
          em
            "feels"
          "they’ve been."
    article class="epub-type-contains-word-z3998-poem" id="prayer" epub:type="z3998:poem"
      h2 epub:type="title"
        "Prayer"
      p
        span
          "This sacred right none are denied,"
        br
        span
          "Which makes the soul to Christ allied;"
        br
        span
          "Man bends the heart and bows the knee,"
        br
        span
          "And knows in prayer that he is free."
      p
        span
          "Yes, free to ask of Him, whate’er"
        br
        span
          "The fainting heart alone can cheer;"
        br
        span
          "To worship at that holy shrine,"
        br
        span
          "Where beams thy Spirit, Lord, divine."
      p
        span
          "And Afric’s children they are free,"
        br
        span
          "To breathe their vows, their prayers to Thee;"
        br
        span
          "With thought of future joy and gain,"
        br
        span
          "The slave forgets his grief and pain;"
      p
        span
          "Forgets awhile his slavish fear;"
        br
        span
          "Forgets —that fetters bind him here;"
        br
        span
          "And in that sweet communion rest"
        br
        span
          "His hopes, his fears —for he is blest."
    article class="epub-type-contains-word-z3998-poem" id="the-slave" epub:type="z3998:poem"
      h2 epub:type="title"
        "The Slave"
      p
        span
          "Our sires who once in freedom’s cause,"
        br
        span class="i1"
          "Their boasted freedom sought and won,"
        br
        span
          "For deeds of glory gained applause,"
        br
        span class="i1"
          "When patriot feelings led them on."
        br
        span
          "And can their sons now speak with pride,"
        br
        span
          "Of rights for which they bled and died —"
        br
        span
          "Or while the captive is oppressed,"
        br
        span
          "Think of the wrongs they once redress’d?"
        br
        span
          "Oh, surely they have quite forgot,"
        br
        span
          "That bondage once had been their lot;"
        br
        span
          "The sweets of freedom now they know,"
        br
        span
          "They care not for the captive’s woe."
        br
        span
          "The poor wronged slave can bear no part"
        br
        span
          "In feelings dearest to his heart;"
        br
        span
          "He cannot speak on freedom’s side,"
        br
        span
          "Nor dare he own a freeman’s pride,"
        br
        span
          "His soul is dark, ay dark as night,"
        br
        span
          "O’er which is shed no gleam of light;"
        br
        span
          "A cloud of error, doubt and fear,"
        br
        span
          "O’er him is ever hovering near;"
        br
        span
          "And sad and hard his lot must be,"
        br
        span
          "To know that he can ne’er be free;"
        br
        span
          "To feel that"
          em
            "his"
          "is doomed to be"
        br
        span
          "A life, and death, of slavery."
        br
        span
          "But will not justice soon arise,"
        br
        span
          "And plead the cause of the despised?"
        br
        span
          "For oh! my country, must it be,"
        br
        span
          "That they still find a foe in thee?"
    article class="epub-type-contains-word-z3998-poem" id="the-farewell" epub:type="z3998:poem"
      h2 epub:type="title"
        "The Farewell"
      p
        span
          "Farewell! —but thou wilt soon forget"
        br
        span class="i1"
          "The stranger thou hast seen,"
        br
        span
          "And in the gay and busy world,"
        br
        span class="i1"
          "Forget that I have been."
      p
        span
          "And thought of me will scarce intrude,"
        br
        span class="i1"
          "When other forms are nigh;"
        br
        span
          "Who, decked in beauty’s bright array,"
        br
        span class="i1"
          "Shall pass before thine eye."
      p
        span
          "Another’s lips will charm thee then,"
        br
        span class="i1"
          "Another’s voice will praise;"
        br
        span
          "Thou wilt forget we e’er have met"
        br
        span class="i1"
          "In past and happy days."
      p
        span
          "And thou wilt scarcely deign to think"
        br
        span class="i1"
          "Of friendship’s early dream,"
        br
        span
          "Or cast one glance, in after years,"
        br
        span class="i1"
          "On this poor offering."
      p
        span
          "Farewell —farewell! —’twere better far"
        br
        span class="i1"
          "That we had never met,"
        br
        span
          "Than meeting one brief moment here,"
        br
        span class="i1"
          "To part —and then forget."
    article class="epub-type-contains-word-z3998-poem" id="a-mothers-grief" epub:type="z3998:poem"
      h2 epub:type="title"
        "A Mother’s Grief"
      p
        span
          "There lies the sole remaining hope"
        br
        span class="i1"
          "Of all my coming years;"
        br
        span
          "The treasure of my widow’d heart,"
        br
        span class="i1"
          "The tie that bound me here."
      p
        span
          "He was the last —the loveliest,"
        br
        span class="i1"
          "And can you blame my grief,"
        br
        span
          "Or chide the falling tears which give"
        br
        span class="i1"
          "This bursting heart relief?"
      p
        span
          "There’s nothing left for me to love"
        br
        span class="i1"
          "This earth holds nothing dear,"
        br
        span
          "Since"
          em
            "he"
          ", my sweet —my gentle one,"
        br
        span class="i1"
          "Is now no longer here."
      p
        span
          "My poor fond heart had counted on"
        br
        span class="i1"
          "Such bliss, in future hours!"
        br
        span
          "And I had dreamed his coming days"
        br
        span class="i1"
          "Here strewed with fairy flowers!"
      p
        span
          "Perchance ’twas wrong to love him thus,"
        br
        span class="i1"
          "And I have been chastised —"
        br
        span
          "For He who gave him to my trust,"
        br
        span class="i1"
          "Hath called him to the skies."
      p
        span
          "He was too dear —oh! far too dear,"
        br
        span class="i1"
          "The idol of my soul —"
        br
        span
          "Then blame me not —this burst of grief"
        br
        span class="i1"
          "I cannot now control."
    article class="epub-type-contains-word-z3998-poem" id="to-the-hibernia" epub:type="z3998:poem"
      h2 epub:type="title"
        "To the"
        i epub:type="se:name.vessel.ship"
          "Hibernia"
      p
        span
          "O, speed thee! speed thee! gallant bark,"
        br
        span class="i1"
          "Across the bounding wave;"
        br
        span
          "Thou bearest to old Britain’s shores,"
        br
        span class="i1"
          "The Champion of the slave."
      p
        span
          "Propitious breezes waft thee on,"
        br
        span class="i1"
          "Safe o’er Atlantic’s sea;"
        br
        span
          "For many a heart with fervor sends"
        br
        span class="i1"
          "A benizon to thee."
      p
        span
          "And he who fears not to commit"
        br
        span class="i1"
          "His body to thy care,"
        br
        span
          "Fears not to brave the winds and waves,"
        br
        span class="i1"
          "Knowing that God is there."
      p
        span
          "He goes to raise the standard high,"
        br
        span class="i1"
          "And freedom’s flag unfurl,"
        br
        span
          "And to proclaim the rallying cry"
        br
        span class="i1"
          "Of freedom to the world."
      p
        span
          "Then swift and steady be thy flight,"
        br
        span class="i1"
          "Across the briny wave;"
        br
        span
          "And safely bear, O noble bark,"
        br
        span class="i1"
          "The Champion of the slave."
    article class="epub-type-contains-word-z3998-poem" id="life" epub:type="z3998:poem"
      h2 epub:type="title"
        "Life"
      p
        span
          "To see our pathway strewn with flowers,"
        br
        span class="i1"
          "While ’neath their sunny hue,"
        br
        span
          "We fear that many a rankling care"
        br
        span class="i1"
          "Lies hidden from our view;"
      p
        span
          "To cull the flowers, to love their bloom,"
        br
        span class="i1"
          "A season to enjoy;"
        br
        span
          "To mark the blast that rudely comes"
        br
        span class="i1"
          "Their beauties to destroy: —"
      p
        span
          "Such is our life. How full of change!"
        br
        span class="i1"
          "How much of hope or fears!"
        br
        span
          "Scarce on the cheek is seen the smile,"
        br
        span class="i1"
          "Ere it is lost in tears."
      p
        span
          "To see the cherished things of earth,"
        br
        span class="i1"
          "On which we placed the heart,"
        br
        span
          "Fade, one by one, before our eyes,"
        br
        span class="i1"
          "And silently depart; —"
      p
        span
          "This is our life —and who can tell"
        br
        span class="i1"
          "What future hours may bring?"
        br
        span
          "What hopes will cheer the panting heart,"
        br
        span class="i1"
          "While close to earth we cling?"
      p
        span
          "The morning of our days are bright,"
        br
        span class="i1"
          "And could the vision last —"
        br
        span
          "But ’tis forbid —oh! changeful life,"
        br
        span class="i1"
          "How soon the dream is past!"
    article class="epub-type-contains-word-z3998-poem" id="the-separation" epub:type="z3998:poem"
      header
        h2 epub:type="title"
          "The Separation"
        blockquote class="epub-type-contains-word-epigraph" role="doc-epigraph" epub:type="epigraph"
          p class="first-child"
            "“Friend after friend departs.”"
      p
        span
          "And they are gone —that little band"
        br
        span
          "Of friends —the firm and true!"
        br
        span
          "We feel the void which absence makes,"
        br
        span
          "With joy, and sorrow too."
      p
        span
          "We joy that duties call them forth,"
        br
        span
          "Clad in an armor bright;"
        br
        span
          "With shield of faith, their surest guard,"
        br
        span
          "And sword of truth and light."
      p
        span
          "We bid God speed their parting steps,"
        br
        span
          "And bless the righteous cause: —"
        br
        span
          "Where’er the path of duty points,"
        br
        span
          "May duty never pause."
      p
        span
          "And yet, we sorrow most of all,"
        br
        span
          "And from the heart deplore,"
        br
        span
          "That we perchance on earth again"
        br
        span
          "May see these friends no more."
      p
        span
          "Their works shall live when other deeds,"
        br
        span
          "Which ask a nation’s fame,"
        br
        span
          "Have sank beneath Time’s whelming wave,"
        br
        span
          "Unhonored and unnamed."
    article class="epub-type-contains-word-z3998-poem" id="my-country" epub:type="z3998:poem"
      h2 epub:type="title"
        "My Country"
      p
        span
          "Oh! speak not of heathenish darkness again,"
        br
        span
          "Nor tell me of lands held in error’s dread chain!"
        br
        span
          "Where —where is the nation so erring as we,"
        br
        span
          "Who claim the proud name of the “"
          strong
            "home of the free"
          "”!"
        br
        span
          "What a throb do the lov’d ties of country awake"
        br
        span
          "In the heart of the exile! —for time cannot break"
        br
        span
          "The sweet vision of home, and all he loved well,"
        br
        span
          "Which has thrown o’er his pathway a magical spell."
        br
        span
          "Can the name of “"
          strong
            "my country"
          "” —the deeds which we sing —"
        br
        span
          "Be honored —revered —’midst pollution and sin?"
        br
        span
          "Can the names of our fathers who perished in fight,"
        br
        span
          "Be hallowed in story, midst slavery’s blight?"
        br
        span
          "When America’s standard is floating so fair,"
        br
        span
          "I blush that the impress of falsehood is there;"
        br
        span
          "That oppression and mockery dim the high fame,"
        br
        span
          "That seeks from all nations a patriot’s name."
        br
        span
          "Speak not of “my country,” unless she shall be,"
        br
        span
          "In truth, the bright home of the “brave and the free!”"
        br
        span
          "Till the dark stain of slavery is washed from her hand,"
        br
        span
          "A tribute of homage she cannot command."
    article class="epub-type-contains-word-z3998-poem" id="hours-of-childhood" epub:type="z3998:poem"
      header
        h2 epub:type="title"
          "Hours of Childhood"
        blockquote class="epub-type-contains-word-epigraph" role="doc-epigraph" epub:type="epigraph"
          p class="first-child"
            span
              "“Blest hours of childhood! then, and then alone,"
            br
            span
              "Dance we the revels gay round pleasure’s throne.”"
      p
        span
          "Dear cherished hours, how much ye tell"
        br
        span
          "Of all we’ve known, and loved so well!"
        br
        span
          "On memory’s page there is a leaf,"
        br
        span
          "Bearing a trace of pleasures brief;"
        br
        span
          "Of schoolday mirth, of pastime gay,"
        br
        span
          "With which we whiled those hours away."
      p
        span
          "And those we loved in early youth,"
        br
        span
          "With all the fervency of truth —"
        br
        span
          "They seem to live, and pass us by,"
        br
        span
          "With laughing lip and beaming eye."
        br
        span
          "Each favorite spot, each winding stream,"
        br
        span
          "Where we have watched the bright sunbeam,"
        br
        span
          "Appears at memory’s magic spell —"
        br
        span
          "And joys, to which we bid farewell."
      p
        span
          "When grief and bliss are in the train"
        br
        span
          "Of hours we ne’er shall live again;"
        br
        span
          "When sorrow clouds our after years,"
        br
        span
          "And fills our cup with bitter tears;"
        br
        span
          "’Tis then we wait a sigh to ye"
        br
        span
          "O by-gone days of memory."
    article class="epub-type-contains-word-z3998-poem" id="an-appeal-to-woman" epub:type="z3998:poem"
      h2 epub:type="title"
        "An Appeal to Woman"
      p
        span
          "Oh, woman, woman, in thy brightest hour"
        br
        span
          "Of conscious worth, of pride, of conscious power,"
        br
        span
          "Oh, nobly dare to act a Christian’s part,"
        br
        span
          "That well befits a lovely woman’s heart!"
        br
        span
          "Dare to be good, as thou canst dare be great;"
        br
        span
          "Despise the taunts of envy, scorn and hate;"
        br
        span
          "Our “skins may differ,” but from thee we claim"
        br
        span
          "A sister’s privilege, in a sister’s name."
      p
        span
          "We are thy sisters —God has truly said,"
        br
        span
          "That of one blood, the nations he has made."
        br
        span
          "Oh, Christian woman, in a Christian land,"
        br
        span
          "Canst thou unblushing read this great command?"
        br
        span
          "Suffer the wrongs which wring our inmost heart"
        br
        span
          "To draw one throb of pity on thy part;"
        br
        span
          "Our “skins may differ,” but from thee we claim"
        br
        span
          "A sister’s privilege, in a sister’s name."
      p
        span
          "Oh, woman! —though upon thy fairer brow"
        br
        span
          "The hues of roses and of lilies glow —"
        br
        span
          "These soon must wither in their kindred earth,"
        br
        span
          "From whence the fair and dark have equal birth."
        br
        span
          "Let a bright halo o’er thy virtues shed"
        br
        span
          "A lustre, that shall live when thou art dead;"
        br
        span
          "Let coming ages learn to bless thy name"
        br
        span
          "Upon the altar of immortal fame."
    article class="epub-type-contains-word-z3998-poem" id="the-slave-girls-farewell" epub:type="z3998:poem"
      header
        h2 epub:type="title"
          "The Slave Girl’s Farewell"
        p class="epub-type-contains-word-se-bridgehead" epub:type="se:bridgehead"
          "The incident which suggested the following lines is this: —A young girl…"
      p
        span
          "Mother, I leave thee —thou hast been,"
        br
        span
          "Through long, long years of pain,"
        br
        span
          "The only hope my fond heart knew;"
        br
        span
          "Or e’er shall know again."
      p
        span
          "The sails are set —my master waits"
        br
        span
          "To bear me far from thee;"
        br
        span
          "I linger —can I give thee up,"
        br
        span
          "And cross the fearful sea?"
      p
        span
          "Oh, let me gaze! how bright it seems,"
        br
        span
          "As busy memory flies,"
        br
        span
          "To view those scenes of other days,"
        br
        span
          "Beneath those bright blue skies."
      p
        span
          "The little hut where I have played"
        br
        span
          "In childhood’s fearless hours —"
        br
        span
          "The murmuring stream —the mossy bank,"
        br
        span
          "Where I have gathered flowers."
      p
        span
          "I knew not"
          em
            "then"
          "I was a slave,"
        br
        span
          "Or that another’s will,"
        br
        span
          "Save thine, could bend my spirit’s pride;"
        br
        span
          "Or bid my lips be still."
      p
        span
          "Who now will soothe me at my toil,"
        br
        span
          "Or bathe my weary brow?"
        br
        span
          "Or shield me when the heavy lash"
        br
        span
          "Is raised to give the blow?"
      p
        span
          "Thy fond arms press me —and I feel"
        br
        span
          "Thy tears upon my cheek;"
        br
        span
          "Tears are the only language now,"
        br
        span
          "A mother’s love can speak."
      p
        span
          "Think of me, mother, as I bend"
        br
        span
          "My way across the sea;"
        br
        span
          "And midst thy tears, a blessing waft,"
        br
        span
          "To her who prays for thee."
    article class="epub-type-contains-word-z3998-poem" id="a-prayer" epub:type="z3998:poem"
      h2 epub:type="title"
        "A Prayer"
      p
        span
          "Father, we lift the suppliant eye,"
        br
        span class="i1"
          "To where thou reigns’t above;"
        br
        span
          "We feel that thou canst not deny"
        br
        span class="i1"
          "The children of thy love."
      p
        span
          "Unshaken faith, unwavering trust,"
        br
        span class="i1"
          "Are all that we can bring;"
        br
        span
          "We are thy children, though in dust,"
        br
        span class="i1"
          "To thee we dare to cling."
      p
        span
          "We know that thou wilt not forsake"
        br
        span class="i1"
          "The poor and trembling slave;"
        br
        span
          "For him the blessed Saviour spake;"
        br
        span class="i1"
          "And him he came to save."
      p
        span
          "We feel the chains that bind us all,"
        br
        span class="i1"
          "And bend us to man’s will;"
        br
        span
          "But can they hold our souls enthrall’d,"
        br
        span class="i1"
          "Or bid our voice be still?"
      p
        span
          "No: —for thy power is all supreme,"
        br
        span class="i1"
          "Thy word shall yet stand firm;"
        br
        span
          "And master and the slave shall e’en"
        br
        span class="i1"
          "To thee for mercy turn."
  section
    section class="epub-type-contains-word-colophon" id="colophon" role="doc-colophon" epub:type="colophon"
      header
        h2 epub:type="title"
          "Colophon"
        img src="assets/image-2.png" alt="The Standard Ebooks logo."
      p
        i epub:type="se:name.publication.book"
          "Poetry"
        br
        "was compiled from poems published between"
        time
          "1831"
        "and"
        time
          "1836"
        "by"
        br
        a href="https://en.wikipedia.org/wiki/Sarah_Louisa_Fort…"
          "Sarah Louisa Forten Purvis"
        "."
      p
        "This ebook was transcribed and produced for"
        br
        a href="https://standardebooks.org/"
          "Standard Ebooks"
        br
        "by"
        br
        a href="https://weijiarhymeswith.asia/"
          "Weijia Cheng"
        ","
        br
        "and is based on digital scans from the"
        br
        a href="https://standardebooks.org/ebooks/sarah-louisa-…"
          "Internet Archive"
        "."
      p
        "The cover page is adapted from"
        br
        i epub:type="se:name.visual-art.painting"
          "Sunday Morning"
        ","
        br
        "a painting completed in"
        time
          "1877"
        "by"
        br
        a href="https://en.wikipedia.org/wiki/Thomas_Waterman_W…"
          "Thomas Waterman Wood"
        "."
        br
        "The cover and title pages feature the"
        br
        b epub:type="se:name.visual-art.typeface"
          "League Spartan"
        "and"
        b epub:type="se:name.visual-art.typeface"
          "Sorts Mill Goudy"
        br
        "typefaces created in"
        time
          "2014"
        "and"
        time
          "2009"
        "by"
        br
        a href="https://www.theleagueofmoveabletype.com/"
          "The League of Moveable Type"
        "."
      p class="nth-last-child-2"
        "This edition was released on"
        br
        b
          time datetime="2026-05-21T18:29:09Z"
            "May 21, 2026, 6:29"
            abbr class="eoc"
              "p.m."
        br
        "and is based on"
        br
        b
          "revision 936122b"
        "."
        br
        "The first edition of this ebook was released on"
        br
        time datetime="2023-12-06T20:52:11Z"
          "December 6, 2023, 8:52"
          abbr class="eoc"
            "p.m."
        br
        "You can check for updates to this ebook, view its revision history, or …"
        br
        a href="https://standardebooks.org/ebooks/sarah-louisa-…"
          "standardebooks.org/ebooks/sarah-louisa-forten-purvis/poetry"
        "."
      p
        "The volunteer-driven Standard Ebooks project relies on readers like you…"
        a href="https://standardebooks.org/"
          "standardebooks.org"
        "."
  section
    section class="epub-type-contains-word-copyright-page" id="uncopyright" epub:type="copyright-page"
      h2 epub:type="title"
        "Uncopyright"
      blockquote epub:type="z3998:verse"
        p class="first-child"
          span
            "May you do good and not evil."
          br
          span
            "May you find forgiveness for yourself and forgive others."
          br
          span
            "May you share freely, never taking more than you give."
      p
        "Copyright pages exist to tell you that you"
        em
          "can’t"
        "do something. Unlike them, this Uncopyright page exists to tell you tha…"
      p
        "Copyright laws are different all over the world, and the source text or…"
      p
        "Non-authorship activities performed on items that are in the public dom…"
        a href="https://creativecommons.org/publicdomain/zero/1…"
          "CC0 1.0 Universal Public Domain Dedication"
        ", thus dedicating to the worldwide public domain all of the work they’v…"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > feed: release_notes.atom > must match snapshot 1`] = `
#document
  h1
    "Tallow — release notes"
  "New versions of the Tallow static site generator"
  section
    h2
      a href="https://tallow.example.dev/releases/3.2.0/"
        "Tallow 3.2.0"
    p
      em
        "2026-11-27T16:20:00Z"
    h5
      "New"
    ul
      li
        "Incremental builds: only pages whose sources changed are rebuilt ("
        code
          "tallow build --incremental"
        ")."
      li
        "Images are resized in parallel, about three times faster on four cores."
    h5
      "Fixed"
    ul
      li
        "Feeds no longer repeat an entry whose date changed."
    p
      "Upgrade with"
      code
        "npm install tallow@3.2.0"
      ". See the"
      a href="https://tallow.example.dev/docs/upgrading/"
        "upgrade guide"
      "."
  section
    h2
      a href="https://tallow.example.dev/releases/3.1.4/"
        "Tallow 3.1.4"
    p
      em
        "2026-10-02T09:05:00Z"
    div xmlns="http://www.w3.org/1999/xhtml"
      p
        "A security release: the development server no longer serves files outsi…"
        a href="https://tallow.example.dev/security/2026-01/"
          "advisory 2026-01"
        "). Everyone running"
        code
          "tallow serve"
        "on a shared network should upgrade."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > html: example_02.html > must match snapshot 1`] = `
#document
  html
    body
      h1
        "Introduction"
      p
        "This is the first paragraph of the introduction."
      h2
        "Background"
      p
        "Some background information here."
      ul
        li
          "First item in unordered list"
        li
          "Second item in unordered list"
      ol
        li
          "First item in ordered list"
        li
          "Second item in ordered list"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > html: hyperlink_01.html > must match snapshot 1`] = `
#document
  html
    body
      h1
        "Something"
      p
        "Please follow the link to:"
        a href="#"
          span class="icon icon--right"
          "This page"
        "."
      div class="mod mod-contentpage"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > ipynb: nbformat_test4.ipynb > must match snapshot 1`] = `
#document
  #markdown
    "# nbconvert latex test"
  #markdown
    "**Lorem ipsum** dolor sit amet, consectetur adipiscing elit. Nunc luctu…"
  #markdown
    "## Printed Using Python"
  pre
    code
      "from __future__ import annotations print("hello")"
  pre
    code class="language-text"
      "hello"
  #markdown
    "## Pyout"
  pre
    code
      "from IPython.display import HTML HTML( """ <script> console.log("hello"…"
  b
    "HTML"
  pre
    code
      "%%javascript console.log("hi");"
  pre
    code class="language-text"
      "<IPython.core.display.Javascript at 0x1112b4b50>"
  #markdown
    "### Image"
  pre
    code
      "from IPython.display import Image Image("http://ipython.org/_static/IPy…"
  p
    img src="assets/image-1.png" alt=""
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > json: package_manifest.json > must match snapshot 1`] = `
#document
  pre
    code class="language-json"
      "{ "name": "@tallow/image-pipeline", "version": "3.2.0", "description": …"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > msg: msg_simple.msg > must match snapshot 1`] = `
#document
  h1
    "Simple Email"
  p
    strong
      "From:"
    "Alice Example <alice@example.com>"
    br
    strong
      "To:"
    "Bob Example <bob@example.com>"
    br
    strong
      "Date:"
    "Wed, 20 May 2026 10:30:00 GMT"
  p
    "Hello Bob,"
  p
    "This is a simple email body."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > odp: odf_presentation_01.odp > must match snapshot 1`] = `
#document
  h2
    "Slide 1: Test Table Slide"
  table
    thead
      tr
        th
        th colspan="3"
          ul
            li
              p
                "Class1"
        th colspan="3"
          ul
            li
              p
                "Class2"
    tbody
      tr
        td
        td colspan="2"
          ul
            li
              p
                "A merged with B"
        td
          ul
            li
              p
                "C"
        td
          ul
            li
              p
                "A"
        td
          ul
            li
              p
                "B"
        td
          ul
            li
              p
                "C"
      tr
        td
          ul
            li
              p
                "R1"
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "False"
        td
        td
          ul
            li
              p
                "False"
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "True"
      tr
        td
          ul
            li
              p
                "R2"
        td
        td
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "False"
        td
        td
      tr
        td rowspan="2"
          ul
            li
              p
                "R3"
        td
          ul
            li
              p
                "False"
        td
        td
        td
        td
          ul
            li
              p
                "False"
        td
      tr
        td
        td
          ul
            li
              p
                "True"
        td
        td
          ul
            li
              p
                "True"
        td
        td
      tr
        td rowspan="3"
          ul
            li
              p
                "R4"
        td
        td
        td
          ul
            li
              p
                "False"
        td
        td
          ul
            li
              p
                "False"
        td
      tr
        td
        td
          ul
            li
              p
                "True"
        td
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "False"
        td
          ul
            li
              p
                "False"
      tr
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "False"
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "False"
        td
          ul
            li
              p
                "True"
        td
          ul
            li
              p
                "False"
  p
    "With footnote"
  h2
    "Slide 2: Second slide title"
  p
    "A rectangle shape with this text inside."
  p
    "Let’s introduce a list"
  ul
    li
      p
        "With foo"
    li
      p
        "Bar"
    li
      p
        "And baz things"
  blockquote
    p
      strong
        "Notes:"
      "Some notes on the second slide."
  h2
    "Slide 3"
  ol
    li
      p
        "List item4"
    li
      p
        "List item5"
    li
      p
        "List item6"
  ul
    li
      p
        "I1"
    li
      p
        "I2"
    li
      p
        "I3"
    li
      p
        "I4"
  p
    "Some info:"
  ul
    li
      p
        "Item A"
    li
      p
        "Item B"
  p
    "Maybe a list?"
  ol
    li
      p
        "List1"
    li
      p
        "List2"
    li
      p
        "List3"
  ul
    li
      p
        "l1"
    li
      p
        "l2"
    li
      p
        "l3"
  blockquote
    p
      strong
        "Notes:"
      "Final notes on the third slide."
    p
      "Second line of notes."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > ods: odf_table_with_title_01.ods > must match snapshot 1`] = `
#document
  h2
    "Sheet1"
  table
    thead
      tr
        th
          "Number of freshwater ducks per year"
    tbody
      tr
        td
          "Year"
        td
          "Freshwater Ducks"
      tr
        td
          "2019"
        td
          "120"
      tr
        td
          "2020"
        td
          "135"
      tr
        td
          "2021"
        td
          "150"
      tr
        td
          "2022"
        td
          "170"
      tr
        td
          "2023"
        td
          "160"
      tr
        td
          "2024"
        td
          "180"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > odt: lo_tablecell.odt > must match snapshot 1`] = `
#document
  table
    tbody
      tr
        td
          ul
            li
              p
                "Hello world1"
            li
              p
                "Hello2"
  p
    "Some text before"
  table
    tbody
      tr
        td
          table
            tbody
              tr
                td
                  p
                    "Tab1"
                td
                  p
                    "Tab2"
                td
                  p
                    "Tab3"
              tr
                td
                  p
                    "A"
                td
                  p
                    "B"
                td
                  p
                    "C"
              tr
                td
                  p
                    "D"
                td
                  p
                    "E"
                td
                  p
                    "F"
  p
    "Some text after"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > pdf: code_and_formula.pdf > must match snapshot 1`] = `
#document
  h1
    "JavaScript Code Example"
  p
    "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonum…"
  p
    "Duis autem vel eum iriure dolor in hendrerit in vulputate velit esse mo…"
  p
    "Listing 1: Simple JavaScript Program"
  pre
    code
      "function add (a , b ) { return a + b ; } console . log ( add (3 , 5) ) ;"
  p
    "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonum…"
  p
    "Duis autem vel eum iriure dolor in hendrerit in vulputate velit esse mo…"
  h1
    "Formula"
  p
    "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonum…"
  p
    "Duis autem vel eum iriure dolor in hendrerit in vulputate velit esse mo…"
  p
    "a2 + 8 = 12"
  p
    "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonum…"
  p
    "Duis autem vel eum iriure dolor in hendrerit in vulputate velit esse mo…"
  p
    "Duis autem vel eum iriure dolor in hendrerit in vulputate velit esse mo…"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > pdf: right_to_left_02.pdf > must match snapshot 1`] = `
#document
  p
    img src="assets/image-1.png" alt=""
  p
    "وعليه، فإن الحكومة المصرية تضع صوو عييهاوخ لوال المر اوة الم باوة"
  p
    "تكايف السيد رئيس الجماورية لاخ بخلعمل ياى تح يق يدد من الأهودا ياى رعسا…"
  p
    "قويووووة ومسوووولدامة و ووووخماة فووووا عذاووووف ال لخيووووخت، و وووو ا…"
  p
    "الأمووون واحسووول رار ومكخفحوووة الإرهوووخ ، تلووووير ما وووخت ال خفووو…"
  p
    "الوووو،ها، والبلوووخ الوووديها المعلووودل ياوووى الهحوووو الووو ي يرسوو…"
  p
    "الموا،هة والسام المجلمعا ."
  p
    "ووف ًخ لمخ سبق، يسولاد برنوخما الحكوموة المصورية لوال ال لور (2024 -"
  p
    "2026) تح يق عربعة عهدا اسلراتيجية رئيسة، وها ياى الهحو الآتا :"
  p
    "المصــــــــــــــــــــر بنــــاء ا نســــا بنـــــاء ا تصـــــاع تناب…"
  p
    "تجدر الإ خر إلى عنه قد تل تحديد مسولادفخت البرنوخما بخحسولهخد باوكل رئو…"
  p
    "ومبلاف احسلراتيجيخت الو،هية ."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > ppt: lo_powerpoint_sample.ppt > must match snapshot 1`] = `
#document
  h2
    "Slide 1: Test Table Slide"
  table
    tr
      th
      th colspan="3"
        "Class1"
      th colspan="3"
        "Class2"
    tr
      td
      td colspan="2"
        "A merged with B"
      td
        "C"
      td
        "A"
      td
        "B"
      td
        "C"
    tr
      td
        "R1"
      td
        "True"
      td
        "False"
      td
      td
        "False"
      td
        "True"
      td
        "True"
    tr
      td
        "R2"
      td
      td
      td
        "True"
      td
        "False"
      td
      td
    tr
      td rowspan="2"
        "R3"
      td
        "False"
      td
      td
      td
      td
        "False"
      td
    tr
      td
      td
        "True"
      td
      td
        "True"
      td
      td
    tr
      td rowspan="3"
        "R4"
      td
      td
      td
        "False"
      td
      td
        "False"
      td
    tr
      td
      td
        "True"
      td
      td
        "True"
      td
        "False"
      td
        "False"
    tr
      td
        "True"
      td
        "False"
      td
        "True"
      td
        "False"
      td
        "True"
      td
        "False"
  p
    "With footnote"
  h2
    "Slide 2: Second slide title"
  p
    "A rectangle shape with this text inside."
  p
    "Let’s introduce a list"
  ul
    li
      "With foo"
    li
      "Bar"
    li
      "And baz things"
  blockquote
    p
      strong
        "Notes:"
      "Some notes on the second slide."
  h2
    "Slide 3"
  ul
    li
      "List item4"
    li
      "List item5"
    li
      "List item6"
  ul
    li
      "I1"
    li
      "I2"
    li
      "I3"
    li
      "I4"
  p
    "Some info:"
  ul
    li
      "Item A"
    li
      "Item B"
  p
    "Maybe a list?"
  ul
    li
      "List1"
    li
      "List2"
    li
      "List3"
  ul
    li
      "l1"
    li
      "l2"
    li
      "l3"
  blockquote
    p
      strong
        "Notes:"
      "Final notes on the third slide."
    p
      "Second line of notes."
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > pptx: powerpoint_bad_text.pptx > must match snapshot 1`] = `
#document
  h2
    "Slide 1: X-Library The fully customisable and copyright-free standard c…"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > rtf: lo_tablecell.rtf > must match snapshot 1`] = `
#document
  table
    tbody
      tr
        td
          ul
            li
              "Hello world1"
            li
              "Hello2"
  p
    "Some text before"
  table
    tbody
      tr
        td
          p
            "Tab1"
        td
          p
            "Tab2"
        td
          p
            "Tab3"
      tr
        td
          p
            "A"
        td
          p
            "B"
        td
          p
            "C"
      tr
        td
          p
            "D"
        td
          p
            "E"
        td
          p
            "F"
      tr
        td
  p
    "Some text after"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > xls: xlsx_05_table_with_title.xls > must match snapshot 1`] = `
#document
  h2
    "Duck Observations"
  table
    thead
      tr
        th
          "Number of freshwater ducks per year"
        th
    tbody
      tr
        td
          "Year"
        td
          "Freshwater Ducks"
      tr
        td
          "2019"
        td
          "120"
      tr
        td
          "2020"
        td
          "135"
      tr
        td
          "2021"
        td
          "150"
      tr
        td
          "2022"
        td
          "170"
      tr
        td
          "2023"
        td
          "160"
      tr
        td
          "2024"
        td
          "180"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > xlsx: xlsx_05_table_with_title.xlsx > must match snapshot 1`] = `
#document
  h2
    "Duck Observations"
  table
    thead
      tr
        th
          "Number of freshwater ducks per year"
        th
    tbody
      tr
        td
          "Year"
        td
          "Freshwater Ducks"
      tr
        td
          "2019"
        td
          "120"
      tr
        td
          "2020"
        td
          "135"
      tr
        td
          "2021"
        td
          "150"
      tr
        td
          "2022"
        td
          "170"
      tr
        td
          "2023"
        td
          "160"
      tr
        td
          "2024"
        td
          "180"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > xml: sitemap.xml > must match snapshot 1`] = `
#document
  pre
    code class="language-xml"
      "<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"> <url> <loc…"
`

exports[`packages/convert/test/tree/snapshots.test.ts > TAP > zip: waterbird_count_2026.zip > must match snapshot 1`] = `
#document
  section
    h2
      "waterbird-count-2026/counts.csv"
    p
      em
        "Not converted: documents inside this one are not converted here."
  section
    h2
      "waterbird-count-2026/minutes.eml"
    p
      em
        "Not converted: documents inside this one are not converted here."
  section
    h2
      "waterbird-count-2026/notes.md"
    p
      em
        "Not converted: documents inside this one are not converted here."
  section
    h2
      "waterbird-count-2026/README.txt"
    p
      em
        "Not converted: documents inside this one are not converted here."
  section
    h2
      "waterbird-count-2026/report.docx"
    p
      em
        "Not converted: documents inside this one are not converted here."
  section
    h2
      "waterbird-count-2026/tools/tally.exe"
    p
      em
        "Not converted: documents inside this one are not converted here."
`
