// The app's few styles.
export const styles = {
  main: { fontFamily: "system-ui, 'Noto Sans CJK JP', sans-serif", maxWidth: "46rem", margin: "0 auto", padding: "1rem" },
  sheet: `
    body { margin: 0; background: #f7f7f5; color: #1d1d1b; }
    h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; border-bottom: 1px solid #ccc; }
    .bar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
    .bar button[aria-pressed="true"] { background: #003399; color: #fff; }
    button, select { font: inherit; padding: .3rem .6rem; }
    ol.sessions { list-style: none; padding: 0; margin: 0; }
    ol.sessions li { background: #fff; margin: .4rem 0; padding: .5rem .75rem; border-radius: 4px; }
    .time { font-variant-numeric: tabular-nums; color: #444; margin-right: .5rem; }
    .kind { font-size: .8rem; color: #555; margin-left: .4rem; }
    .notice { background: #fff3cd; padding: .5rem; border-radius: 4px; }
    footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #ccc; font-size: .9rem; color: #444; }
  `,
};
