// The dashboard's pages: one line per page module (the nav is ordered by each page's nav.order).
// Sections keep one helper's lines apart from another's, so that merges do not collide.
export default [
  // overview, nodes
  './pages/overview.js',
  './pages/nodes.js',

  // apps, functions, calls
  './pages/apps.js',
  './pages/app.js',
  './pages/fn.js',
  './pages/call.js',

  // jobs, leases
  './pages/jobs.js',
  './pages/job.js',
  './pages/leases.js',
  './pages/alloc.js',

];
