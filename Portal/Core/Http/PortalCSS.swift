/// The portal's one stylesheet: system fonts, no framework.
enum PortalCSS {
    static let text = """
        :root { --ink: #1d2733; --muted: #5a6672; --line: #c9d1d9; --accent: #005a9c; --accent-ink: #fff;
          --bg: #f4f6f8; --card: #fff; --error: #b00020; --ok: #1f6f3f; --focus: #1d2733; }
        * { box-sizing: border-box; }
        html { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; color: var(--ink);
          background: var(--bg); font-size: 16px; line-height: 1.45; overflow-wrap: break-word; }
        body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
        .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 8px 24px; background: var(--card); border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.3rem; text-decoration: none; color: var(--accent); margin-right: auto;
          display: flex; align-items: center; gap: 12px; }
        .brand img { height: 40px; width: auto; max-width: 50vw; }
        .langs { display: flex; flex-wrap: wrap; gap: 4px; margin: 0; }
        .langs button { background: none; border: 1px solid transparent; color: var(--accent); padding: 2px 6px; cursor: pointer; font: inherit; font-size: .85rem; }
        .langs button[aria-pressed=true] { border-color: var(--accent); border-radius: 3px; }
        .menu { position: relative; }
        .menu summary { list-style: none; cursor: pointer; font-size: 1.6rem; line-height: 1; padding: 2px 10px; border-radius: 4px; }
        .menu summary::-webkit-details-marker { display: none; }
        .menu summary:hover, .menu[open] summary { background: var(--bg); }
        .menu-panel { position: absolute; right: 0; top: 110%; background: var(--card); border: 1px solid var(--line);
          box-shadow: 0 4px 16px rgba(0,0,0,.15); min-width: 260px; max-width: calc(100vw - 16px); padding: 8px 0; z-index: 5; }
        .menu-panel .who { margin: 0; padding: 4px 16px 10px; border-bottom: 1px solid var(--line); font-size: .9rem; }
        .menu-panel ul { list-style: none; margin: 0; padding: 0; }
        .menu-panel li a, .menu-panel .link { display: block; width: 100%; text-align: left; padding: 8px 16px; color: var(--ink);
          text-decoration: none; background: none; border: 0; font: inherit; cursor: pointer; }
        .menu-panel li a:hover, .menu-panel .link:hover { background: var(--bg); }
        main { flex: 1; margin: 24px auto; padding: 24px 32px; background: var(--card); border: 1px solid var(--line); width: calc(100% - 32px); }
        main.narrow { max-width: 640px; } main.wide { max-width: 1280px; }
        h1 { font-size: 1.5rem; margin: 0 0 16px; } h2 { font-size: 1.15rem; margin: 24px 0 8px; }
        .field { margin: 12px 0; display: flex; flex-direction: column; gap: 4px; }
        .field.check { flex-direction: row; flex-wrap: wrap; align-items: center; gap: 8px; }
        .field.check .error, .field.check .hint { flex-basis: 100%; }
        label.req::after { content: " *"; color: var(--error); }
        input[type=text], input[type=email], input[type=password], input[type=tel], input[type=search], select {
          font: inherit; padding: 7px 9px; border: 1px solid #8a96a3; border-radius: 3px; width: 100%; max-width: 420px; background: #fff; }
        /* Keyboard focus: a dark ring outside the control, 3:1 and more against the page (WCAG 2.4.7, 1.4.11). */
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        input[type=checkbox]:focus-visible, input[type=radio]:focus-visible { outline-offset: 3px; }
        input[aria-invalid=true] { border-color: var(--error); }
        .shown .label { color: var(--muted); font-size: .9rem; } .shown .value { font-weight: 600; }
        .hint { color: var(--muted); font-size: .9rem; margin: 0; }
        .error { color: var(--error); margin: 0; font-weight: 600; }
        .banner { padding: 8px 12px; border-left: 4px solid var(--error); background: #fdecee; margin: 12px 0; }
        .flash { padding: 8px 12px; border-left: 4px solid var(--ok); background: #e8f4ec; margin: 12px 0; }
        .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 20px; }
        button.primary, button.secondary, a.button { font: inherit; padding: 7px 16px; border-radius: 3px; cursor: pointer; text-decoration: none; display: inline-block; }
        button.primary { background: var(--accent); color: var(--accent-ink); border: 1px solid var(--accent); }
        button.secondary, a.button { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
        button[disabled] { opacity: .5; cursor: not-allowed; }
        .dialog { border: 1px solid var(--line); box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 16px 20px; margin: 16px 0; background: #fff; }
        .dialog h2 { margin-top: 0; }
        .steps { display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--muted); border-bottom: 1px solid var(--line); margin-bottom: 12px; padding-bottom: 6px; }
        .steps .current { color: var(--ink); font-weight: 600; }
        .employer { font-size: 1.05rem; margin-bottom: 16px; } .employer .number { font-weight: 700; }
        .panels { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .panel { border: 1px solid var(--line); padding: 12px 16px; } .panel h2 { margin-top: 0; } .empty { color: var(--muted); }
        .tasks { list-style: none; padding: 0; margin: 0; } .tasks li + li { border-top: 1px solid var(--line); padding-top: 8px; }
        .search { display: flex; gap: 16px; align-items: flex-end; flex-wrap: wrap; }
        .toolbar { display: flex; gap: 8px; flex-wrap: wrap; margin: 12px 0; }
        .table-scroll { max-width: 100%; overflow-x: auto; position: relative; }
        table { border-collapse: collapse; width: 100%; font-size: .93rem; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: var(--bg); white-space: nowrap; } th a { color: var(--ink); text-decoration: none; }
        tr[data-href] { cursor: default; } tr[data-href]:hover { background: #eef4fa; }
        .arrow { margin-left: 4px; }
        .pager { display: flex; gap: 12px; align-items: center; margin-top: 12px; }
        dl.detail { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; } dl.detail dt { color: var(--muted); } dl.detail dd { margin: 0; }
        .support { text-align: center; color: var(--muted); font-size: .85rem; padding: 12px; }
        td, dd, .shown .value, .who, .employer div { unicode-bidi: isolate; }
        .default-action { position: absolute; width: 1px; height: 1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .mandant-switch { display: flex; gap: 6px; align-items: center; margin: 0; font-size: .9rem; }
        .mandant-switch select { max-width: 16rem; padding: 3px 6px; } .mandant-switch button.secondary { padding: 3px 10px; }
        form.inline { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin: 0; }
        .scroll { overflow-x: auto; position: relative; } tr.current { background: #eef4fa; }
        h1, h2 { overflow-wrap: break-word; hyphens: auto; } address.postal { font-style: normal; margin: 8px 0 4px; }
        @media (max-width: 700px) { .bar { flex-wrap: wrap; padding: 8px 12px; } .mandant-switch { order: 5; flex-basis: 100%; min-width: 0; }
          .mandant-switch select { flex: 1 1 0; width: 0; min-width: 0; max-width: none; } }
        /* Delegation, audit, tasks and news (issue 15). */
        input[type=date] { font: inherit; padding: 6px 9px; border: 1px solid #8a96a3; border-radius: 3px; max-width: 220px; background: #fff; }
        fieldset { border: 1px solid var(--line); margin: 16px 0; padding: 4px 16px 8px; } legend { font-weight: 600; padding: 0 4px; }
        .news, .changes { list-style: none; padding: 0; margin: 0; } .news h3 { font-size: 1rem; margin: 0 0 4px; } .news li + li { margin-top: 12px; }
        .changes .field-name { color: var(--muted); } .changes del { color: var(--error); } .changes ins { text-decoration: none; color: var(--ok); font-weight: 600; }
        @media (max-width: 700px) { .panels { grid-template-columns: 1fr; } main { padding: 16px; } }
        @media (max-width: 480px) { .langs { order: 3; flex-basis: 100%; } h1 { font-size: 1.3rem; } main { margin: 12px auto; width: calc(100% - 16px); padding: 12px; }
          dl.detail { grid-template-columns: 1fr; } dl.detail dd { margin-bottom: 6px; } }
        """
}
