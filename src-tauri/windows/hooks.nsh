; Rolehop's additions to the Tauri NSIS installer (tauri.conf.json > bundle > windows > nsis >
; installerHooks). The installer's main binary is rolehop-tray.exe, the tray app (a GUI
; program: no console window), which the Start-menu entry starts; the command line,
; rolehop.exe (a console program, the cli/ crate), is installed beside it (tauri.bundle.json's
; externalBin).

!macro NSIS_HOOK_POSTINSTALL
  ; rolehop:// links go to the tray (which also registers itself so at every start).
  WriteRegStr SHCTX "Software\Classes\rolehop" "" "URL:Rolehop link"
  WriteRegStr SHCTX "Software\Classes\rolehop" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\rolehop\shell\open\command" "" "$\"$INSTDIR\rolehop-tray.exe$\" $\"%1$\""
  WriteRegStr SHCTX "Software\Classes\rolehop\DefaultIcon" "" "$\"$INSTDIR\rolehop-tray.exe$\",0"
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  ; The link registration goes only while it still names this installation's tray: another
  ; program (or another copy of Rolehop) that took the scheme over keeps it.
  ReadRegStr $0 SHCTX "Software\Classes\rolehop\shell\open\command" ""
  ${If} $0 == "$\"$INSTDIR\rolehop-tray.exe$\" $\"%1$\""
    DeleteRegKey SHCTX "Software\Classes\rolehop"
  ${EndIf}
!macroend
