/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
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
