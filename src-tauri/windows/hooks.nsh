; Rolehop's additions to the Tauri NSIS installer (tauri.conf.json > bundle > windows > nsis >
; installerHooks). The installer's main binary is rolehop.exe, the command line (a console
; program); what a person starts from the Start menu, and what rolehop:// links open, is the
; tray app, rolehop-tray.exe (a GUI program: no console window).

!macro NSIS_HOOK_POSTINSTALL
  ; The Start-menu entry the installer made for the main binary now starts the tray.
  ${If} ${FileExists} "$SMPROGRAMS\${PRODUCTNAME}.lnk"
    !insertmacro SetShortcutTarget "$SMPROGRAMS\${PRODUCTNAME}.lnk" "$INSTDIR\rolehop-tray.exe"
  ${EndIf}
  ; rolehop:// links go to the tray (which also registers itself so at every start).
  WriteRegStr SHCTX "Software\Classes\rolehop\shell\open\command" "" "$\"$INSTDIR\rolehop-tray.exe$\" $\"%1$\""
  WriteRegStr SHCTX "Software\Classes\rolehop\DefaultIcon" "" "$\"$INSTDIR\rolehop-tray.exe$\",0"
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  ; The uninstaller removes the Start-menu entry only when it points at the main binary: the
  ; one re-pointed above is removed here, and only if it still points at Rolehop's tray.
  !insertmacro IsShortcutTarget "$SMPROGRAMS\${PRODUCTNAME}.lnk" "$INSTDIR\rolehop-tray.exe"
  Pop $0
  ${If} $0 = 1
    Delete "$SMPROGRAMS\${PRODUCTNAME}.lnk"
  ${EndIf}
!macroend
